import { readFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { CoreV1Api } from '@kubernetes/client-node';
import yaml from 'yaml';
import { testKubeConfig } from '../__testUtils__/kube';
import { runTemplate } from '../__testUtils__/scaffolder';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';
import { ownerToken } from '../__testUtils__/storeApi';

jest.setTimeout(300_000);

const unique = () => Math.random().toString(36).slice(2, 8);

describe('the store template, run by the real scaffolder against the local control plane', () => {
  let backend: RunningBackend;
  let token: string;
  let core: CoreV1Api;
  const storeIds: string[] = [];

  beforeAll(async () => {
    core = testKubeConfig().makeApiClient(CoreV1Api);
    backend = await startBackend();
    // The guest's group (store-owners, the stores' owner) comes from the catalog.
    token = await ownerToken(backend.baseUrl);
  });

  afterAll(async () => {
    await backend?.stop();
    for (const id of storeIds) {
      await core
        .deleteNamespace({ name: `store-${id}` })
        .catch(() => undefined);
    }
  });

  async function store(id: string) {
    const res = await fetch(
      `${backend.baseUrl}/api/store-platform/stores/${id}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    return {
      status: res.status,
      body: res.status === 200 ? await res.json() : undefined,
    };
  }

  it('provisions a WooCommerce store to ready, telling each step in the task log', async () => {
    const id = `journey-${unique()}`;
    storeIds.push(id);

    const task = await runTemplate(
      backend.baseUrl,
      token,
      'template:default/store',
      {
        name: id,
        title: 'Journey Shop',
        engine: 'woocommerce',
        owner: 'group:default/store-owners',
        size: 'small',
        adminEmail: 'owner@example.com',
      },
    );

    expect(task.status).toBe('completed');
    // Every step of the design starts and finishes with its duration.
    const sections = [
      /namespace/i,
      /mariadb/i,
      /wordpress/i,
      /localhost/i, // the ingress route
      /woocommerce/i, // the bootstrap Job
      /catalog/i,
    ];
    for (const section of sections) {
      expect(task.log.some(l => l.includes('▶') && section.test(l))).toBe(true);
      expect(
        task.log.some(
          l => /✔ .*: done in \d+\.\d s/.test(l) && section.test(l),
        ),
      ).toBe(true);
    }
    expect(task.log.some(l => /waiting for StatefulSet mariadb/.test(l))).toBe(
      true,
    );
    expect(
      task.log.some(l =>
        l.includes(`Store ${id} is ready: http://${id}.localhost`),
      ),
    ).toBe(true);
    expect(task.output.links[0].url).toBe(`http://${id}.localhost`);
    // Lines as written: the scaffolder's own and the actions' (the patched step logger).
    expect(
      task.log.filter(l => l.includes('\u001b[') || /^info:/.test(l)),
    ).toEqual([]);
    expect(task.log).toContain(`Store ${id} is ready: http://${id}.localhost`);

    const { body } = await store(id);
    expect(body).toMatchObject({
      status: 'ready',
      taskId: task.id,
      owner: 'group:default/store-owners',
    });

    const namespace = await core.readNamespace({ name: `store-${id}` });
    expect(namespace.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe(
      'store-platform',
    );
    const secrets = await core.listNamespacedSecret({
      namespace: `store-${id}`,
    });
    // The generated passwords exist in the cluster and nowhere in the task log.
    const secret = secrets.items.find(
      s => s.metadata?.name === 'mariadb-secret',
    );
    expect(secret).toBeDefined();
    const generated = Object.values(secret!.data ?? {})
      .map(value => Buffer.from(value, 'base64').toString('utf8'))
      .filter(plain => plain.length >= 12); // passwords, not short names
    expect(generated.length).toBeGreaterThan(0);
    for (const plain of generated) {
      expect(task.log.join('\n')).not.toContain(plain);
      expect(backend.output()).not.toContain(plain);
    }
  });

  it('refuses a Medusa store naming engine before anything is written: no record, no entity, no namespace', async () => {
    const id = `medusa-${unique()}`;
    storeIds.push(id);

    const task = await runTemplate(
      backend.baseUrl,
      token,
      'template:default/store',
      {
        name: id,
        title: 'Medusa Shop',
        engine: 'medusa',
        owner: 'group:default/store-owners',
        size: 'small',
        adminEmail: 'owner@example.com',
      },
    );

    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      'engine: the medusa engine is not available yet; choose woocommerce',
    );
    expect((await store(id)).status).toBe(404);
    const entity = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/resource/default/${id}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(entity.status).toBe(404);
    await expect(
      core.readNamespace({ name: `store-${id}` }),
    ).rejects.toMatchObject({
      code: 404,
    });
  });

  it("is accepted by the scaffolder's dry-run endpoint, which touches nothing", async () => {
    const template = yaml.parse(
      readFileSync(
        resolvePackagePath('backend', '../../templates/store/template.yaml'),
        'utf8',
      ),
    );
    const id = `dryrun-${unique()}`;
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        template,
        values: {
          name: id,
          title: 'Dry Shop',
          engine: 'woocommerce',
          owner: 'group:default/store-owners',
          size: 'small',
          adminEmail: 'owner@example.com',
        },
        directoryContents: [],
      }),
    });
    expect(res.status).toBe(200);
    const result = await res.json();
    const log = result.log.map((l: any) => String(l.body.message)).join('\n');
    expect(log).toContain(`Dry run: would register store ${id}`);
    expect(log).toContain('"kind":"Deployment"');
    expect(log).not.toMatch(/"password":"(?!<)/);
    expect((await store(id)).status).toBe(404);
    await expect(
      core.readNamespace({ name: `store-${id}` }),
    ).rejects.toMatchObject({
      code: 404,
    });
  });

  it('refuses bad input in the form, naming the field', async () => {
    const task = await runTemplate(
      backend.baseUrl,
      token,
      'template:default/store',
      {
        name: 'Bad_Name',
        title: 'x',
        engine: 'woocommerce',
        owner: 'group:default/store-owners',
        size: 'small',
        adminEmail: 'owner@example.com',
      },
    ).catch(error => error as Error);
    // The scaffolder validates parameters against the template's JSON schema first.
    const message = String((task as Error).message);
    expect(message).toContain('task not created: 400');
    expect(message).toMatch(/name.*does not match pattern/);
  });
});
