import fc from 'fast-check';
import { CoreV1Api } from '@kubernetes/client-node';
import { testKubeConfig } from '../__testUtils__/kube';
import { runTemplate } from '../__testUtils__/scaffolder';
import {
  dropNamespace,
  generatedSecrets,
  namespaceEventsText,
  ownerToken,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';
import { oneOf } from './oneOf';
import { ALL_HOSTILE_STRINGS, HOSTILE_STRINGS, WRONG_TYPES } from './corpus';

jest.setTimeout(600_000);

/** A template that hands its parameters to the actions untouched: no form schema in between. */
const RAW_TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'hostile-actions' },
  spec: {
    owner: 'group:default/platform-admins',
    type: 'store',
    parameters: [],
    steps: [
      {
        id: 'register',
        name: 'register',
        action: 'store:register',
        input: {
          name: '${{ parameters.name }}',
          title: '${{ parameters.title }}',
          engine: '${{ parameters.engine }}',
          owner: '${{ parameters.owner }}',
          size: '${{ parameters.size }}',
        },
      },
      {
        id: 'provision',
        name: 'provision',
        action: 'store:provision',
        // Engine, size and title are the registered ones: not inputs.
        input: {
          name: '${{ parameters.name }}',
          adminEmail: '${{ parameters.adminEmail }}',
        },
      },
    ],
  },
};

const FIELDS = ['name', 'title', 'engine', 'owner', 'size', 'adminEmail'];

/**
 * The store:* actions under hostile input, through the real scaffolder: the
 * dry-run endpoint (which runs the actions' validation and nothing else), and
 * real tasks of the store template for values its form lets through. Never a
 * 500, never a partial store, and no generated password anywhere.
 */
describe('the store actions under hostile input', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  let backend: RunningBackend;
  let token: string;
  let api: ReturnType<typeof storeApi>;
  const ids: string[] = [];
  const tally = { tried: 0, refused: 0, accepted: 0 };

  beforeAll(async () => {
    backend = await startBackend({ noWatch: true });
    token = await ownerToken(backend.baseUrl);
    api = storeApi(backend.baseUrl, token);
  });

  afterAll(async () => {
    await backend?.stop();
    for (const id of ids) await dropNamespace(core, id);
    // eslint-disable-next-line no-console
    console.log(`hostile action input: ${JSON.stringify(tally)}`);
  });

  async function dryRun(values: Record<string, unknown>) {
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        template: RAW_TEMPLATE,
        values,
        directoryContents: [],
      }),
    });
    const text = await res.text();
    return { status: res.status, text };
  }

  async function nothingCreated(id: unknown) {
    // Not valid Unicode (a lone surrogate) cannot even be put in a URL, and
    // "." or ".." are dot segments the URL parser removes (GET /stores/. is
    // the list). None of them can be a store id, so no GET can name them.
    if (
      typeof id !== 'string' ||
      id.length === 0 ||
      id === '.' ||
      id === '..' ||
      /[\ud800-\udfff]/u.test(id)
    )
      return;
    expect((await api.get(id)).status).toBeGreaterThanOrEqual(400);
    if (/^[a-z0-9-]{1,40}$/.test(id)) {
      await expect(
        core.readNamespace({ name: `store-${id}` }),
      ).rejects.toMatchObject({ code: 404 });
    }
  }

  it('refuses every corpus value in every action input with a 400 naming the field', async () => {
    for (const field of FIELDS) {
      for (const value of [...ALL_HOSTILE_STRINGS, ...WRONG_TYPES]) {
        const values = { ...storeForm(`dry-${unique()}`), [field]: value };
        const res = await dryRun(values);
        tally.tried++;
        if (res.status === 200) tally.accepted++;
        else tally.refused++;
        // Only a title may carry hostile text (it is shown as text); anything
        // else is a 400 that names the field.
        expect({
          value,
          field,
          status: res.status,
          namesField: res.status === 200 || res.text.includes(field),
          answer: res.status === 200 ? 'ok' : res.text.slice(0, 400),
        }).toEqual({
          value,
          field,
          answer: res.status === 200 ? 'ok' : res.text.slice(0, 400),
          status: field === 'title' ? oneOf(200, 400) : 400,
          namesField: true,
        });
        await nothingCreated(values.name);
      }
    }
  });

  it('property: any action input either passes validation or is refused with a 4xx, never a 500', async () => {
    const value = fc.oneof(
      fc.constantFrom(...ALL_HOSTILE_STRINGS),
      fc.constantFrom(...WRONG_TYPES),
      fc.string(),
      fc.string({ unit: 'grapheme' }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          Object.fromEntries(FIELDS.map(f => [f, value])) as Record<
            string,
            fc.Arbitrary<unknown>
          >,
          { requiredKeys: [] },
        ),
        async values => {
          const res = await dryRun(values);
          tally.tried++;
          expect(res.status).toBeLessThan(500);
          if (res.status !== 200) tally.refused++;
          await nothingCreated(values.name);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses, in a real task, a title the form lets through but the contract forbids, leaving no store', async () => {
    for (const title of HOSTILE_STRINGS.control) {
      const id = `ctl-${unique()}`;
      ids.push(id);
      const task = await runTemplate(
        backend.baseUrl,
        token,
        'template:default/store',
        storeForm(id, { title }),
      );
      tally.tried++;
      tally.refused++;
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toContain(
        'title: must not contain control characters',
      );
      await nothingCreated(id);
    }
  });

  it('provisions a store whose title is hostile text, keeps it verbatim, and leaks no secret', async () => {
    const id = `evil-${unique()}`;
    ids.push(id);
    const title = `<img src=x onerror=alert(1)> '; DROP TABLE stores; -- $(id) 店铺🛒`;
    const task = await runTemplate(
      backend.baseUrl,
      token,
      'template:default/store',
      storeForm(id, { title }),
    );
    tally.tried++;
    tally.accepted++;
    expect(task.status).toBe('completed');
    const store = await api.get(id);
    expect(store.json).toMatchObject({ status: 'ready', title });
    expect(store.type).toMatch(/^application\/json/);

    // The catalog entity carries it as data.
    const entity = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/resource/default/${id}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const entityText = await entity.text();

    const secrets = await generatedSecrets(core, id);
    expect(secrets.length).toBeGreaterThan(0);
    const events = await namespaceEventsText(core, id);
    const history = await api.events(id);
    const list = await api.call('GET', '/stores?limit=100');
    const taskEvents = await (
      await fetch(
        `${backend.baseUrl}/api/scaffolder/v2/tasks/${task.id}/events`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      )
    ).text();
    for (const secret of secrets) {
      for (const [where, text] of Object.entries({
        'task log': task.log.join('\n'),
        'task events': taskEvents,
        'backend log': backend.output(),
        'store response': store.text,
        'store history': history.text,
        'store list': list.text,
        'catalog entity': entityText,
        'kubernetes events': events,
      })) {
        expect({ where, leaked: text.includes(secret) }).toEqual({
          where,
          leaked: false,
        });
      }
    }
    // Clean up through the product.
    expect((await api.remove(id)).status).toBe(202);
    await api.waitFor(id, s => s === 'gone', 90_000);
  });
});
