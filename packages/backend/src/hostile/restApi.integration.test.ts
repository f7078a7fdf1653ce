import fc from 'fast-check';
import {
  canTransition,
  createStoreRequestSchema,
  engineRefusal,
  statusUpdateRequestSchema,
} from '@store-platform/plugin-store-platform-common';
import { ownerToken, storeApi, unique } from '../__testUtils__/storeApi';
import {
  guestToken,
  RunningBackend,
  startBackend,
} from '../__testUtils__/startBackend';
import { oneOf } from './oneOf';
import { ALL_HOSTILE_STRINGS, hostileValues, WRONG_TYPES } from './corpus';

jest.setTimeout(600_000);

const SERVICE_TOKEN = `hostile-suite-${unique()}${unique()}`;
const FIELDS = ['id', 'title', 'engine', 'owner', 'size', 'taskId'] as const;

/** A valid registration request to start from. */
const validRequest = (id: string) => ({
  id,
  title: 'Corner Shop',
  engine: 'woocommerce',
  owner: 'group:default/store-owners',
  size: 'small',
});

/** Any value a client could send in a JSON field. */
const anyValue = fc.oneof(
  fc.constantFrom(...ALL_HOSTILE_STRINGS),
  fc.constantFrom(...WRONG_TYPES),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.stringMatching(/^[a-z][a-z0-9-]{1,45}$/),
  fc.constantFrom(
    'woocommerce',
    'medusa',
    'small',
    'large',
    'user:default/guest',
  ),
  fc.integer(),
  fc.constant(undefined),
);

/** Who the suite's owner token is: the guest and the group it belongs to. */
const CALLER_REFS = ['user:development/guest', 'group:default/store-owners'];
/** Ids that would shadow a host of the platform (the backend runs on localhost). */
const RESERVED = ['dashboard', 'api', 'www', 'localhost'];

const EXPECTED_STATUS = {
  created: 201,
  invalid: oneOf(400, 413),
  'bad-request': 400,
  forbidden: 403,
} as const;

/**
 * The REST API under hostile input: the real backend, real SQLite, the
 * common package's zod schemas as the oracle. No answer is a 500; a refused
 * request names the field and leaves nothing behind; an accepted value comes
 * back exactly as sent, in JSON (the card renders it as text).
 */
describe('the store REST API under hostile input', () => {
  let backend: RunningBackend;
  let api: ReturnType<typeof storeApi>;
  let service: ReturnType<typeof storeApi>;
  const accepted: string[] = [];
  const tally = { tried: 0, refused: 0, accepted: 0 };

  beforeAll(async () => {
    backend = await startBackend({
      noWatch: true,
      extraConfig: `backend:
  auth:
    externalAccess:
      - type: static
        options: { token: ${SERVICE_TOKEN}, subject: hostile-suite }
`,
    });
    api = storeApi(backend.baseUrl, await ownerToken(backend.baseUrl));
    service = storeApi(backend.baseUrl, SERVICE_TOKEN);
  });

  afterAll(async () => {
    for (const id of accepted) await api.remove(id).catch(() => undefined);
    // eslint-disable-next-line no-console
    console.log(`hostile REST input: ${JSON.stringify(tally)}`);
    await backend?.stop();
  });

  async function totalStores(): Promise<number> {
    return (await api.call('GET', '/stores?limit=1')).json.totalCount;
  }

  function expectJsonAnswer(res: { status: number; type: string | null }) {
    expect(res.status).toBeLessThan(500);
    expect(res.type).toMatch(/^application\/json/);
  }

  it('refuses every corpus value in every field of a registration, naming the field, creating nothing', async () => {
    const before = await totalStores();
    let acceptedHere = 0;
    for (const field of FIELDS) {
      for (const { value } of hostileValues()) {
        const id = `corpus-${unique()}`;
        const body: Record<string, unknown> = {
          ...validRequest(id),
          [field]: value,
        };
        const verdict = registrationVerdict(body);
        const valid = verdict === 'created';
        const res = await api.call('POST', '/stores', body);
        tally.tried++;
        expectJsonAnswer(res);
        const stored = await api.get(String(valid ? body.id : id));
        if (valid) {
          accepted.push(String(body.id));
          acceptedHere++;
          tally.accepted++;
        } else {
          tally.refused++;
        }
        // Accepted: stored and answered verbatim (JSON, never HTML-mangled).
        // Refused: a 400 naming the field (413 for an oversized body), or a
        // 403 for an owner the caller does not belong to, and no store.
        expect({
          status: res.status,
          namesField:
            res.status !== 400 ||
            String(res.json?.error?.message).includes(`${field}:`),
          stored: stored.status === 200 ? stored.json[field] : 'nothing',
        }).toEqual({
          status: EXPECTED_STATUS[verdict],
          namesField: true,
          stored: valid ? storedForm(field, value) : 'nothing',
        });
      }
    }
    expect(await totalStores()).toBe(before + acceptedHere);
  });

  it('refuses missing and extra fields, malformed JSON and oversized bodies', async () => {
    for (const field of ['id', 'engine', 'owner'] as const) {
      const body: Record<string, unknown> = validRequest(`missing-${unique()}`);
      delete body[field];
      const res = await api.call('POST', '/stores', body);
      tally.tried++;
      tally.refused++;
      expect(res.status).toBe(400);
      expect(res.json.error.message).toContain(field);
    }
    const extra = await api.call('POST', '/stores', {
      ...validRequest(`extra-${unique()}`),
      namespace: 'kube-system',
      status: 'ready',
    });
    tally.tried++;
    tally.refused++;
    expect(extra.status).toBe(400);
    expect(extra.json.error.message).toMatch(/namespace|status|unrecognized/i);

    for (const raw of ['{', '{"id": }', 'null', '[]', '"shop"', 'id=shop']) {
      const res = await fetch(`${backend.baseUrl}/api/store-platform/stores`, {
        method: 'POST',
        headers: {
          authorization: (await authHeader(backend)).authorization,
          'content-type': 'application/json',
        },
        body: raw,
      });
      tally.tried++;
      tally.refused++;
      expect(res.status).toBe(400);
    }
    const huge = await api.call('POST', '/stores', {
      ...validRequest(`huge-${unique()}`),
      title: 'x'.repeat(20_000),
    });
    tally.tried++;
    tally.refused++;
    expect(huge.status).toBe(413);
  });

  it('answers hostile ids in the path and hostile queries with 4xx, never a 500', async () => {
    // A lone surrogate cannot be put in a URL at all; an empty id is the list.
    for (const value of ALL_HOSTILE_STRINGS.filter(
      v => v !== '' && !/[\ud800-\udfff]/u.test(v),
    )) {
      for (const path of [
        `/stores/${encodeURIComponent(value)}`,
        `/stores/${encodeURIComponent(value)}/events`,
      ]) {
        const res = await api.call('GET', path);
        tally.tried++;
        // 431/414: Node's HTTP server refuses a request line that long.
        expect([400, 404, 414, 431]).toContain(res.status);
      }
      const del = await api.call(
        'DELETE',
        `/stores/${encodeURIComponent(value)}`,
      );
      tally.tried++;
      expect([400, 404, 414, 431]).toContain(del.status);
      for (const key of ['status', 'owner', 'limit', 'offset', 'unknown']) {
        const res = await api.call(
          'GET',
          `/stores?${key}=${encodeURIComponent(value)}`,
        );
        tally.tried++;
        expect([400, 414, 431]).toContain(res.status);
        if (res.status === 400) expectJsonAnswer(res);
        tally.refused++;
      }
    }
  });

  it('property: a registration is accepted exactly when the contract says it is valid', async () => {
    const before = await totalStores();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            id: fc.oneof(
              anyValue,
              fc.stringMatching(/^[a-z][a-z0-9-]{2,38}[a-z0-9]$/),
            ),
            title: anyValue,
            engine: anyValue,
            owner: anyValue,
            size: anyValue,
            taskId: anyValue,
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 2 }),
        async (fields, extra) => {
          const body = { ...extra, ...fields };
          const verdict = registrationVerdict(body);
          const res = await api.call('POST', '/stores', body);
          tally.tried++;
          expectJsonAnswer(res);
          if (res.status === 201) {
            accepted.push(res.json.id);
            created++;
            tally.accepted++;
          } else if (res.status !== 409) {
            tally.refused++;
          }
          // 201 and 409 (id taken) only for a valid request the caller may
          // make; 400/413 only for an invalid one; 403 for another's owner.
          expect({ verdict, status: res.status }).toEqual({
            verdict,
            status:
              verdict === 'created'
                ? oneOf(201, 409)
                : EXPECTED_STATUS[verdict],
          });
        },
      ),
      { numRuns: 300 },
    );
    expect(await totalStores()).toBe(before + created);
  });

  it('property: status updates follow the state machine and refuse bad bodies, never a 500', async () => {
    const id = `status-${unique()}`;
    expect((await api.call('POST', '/stores', validRequest(id))).status).toBe(
      201,
    );
    accepted.push(id);
    // A user may not report transitions at all.
    const asUser = await api.call('POST', `/stores/${id}/status`, {
      status: 'ready',
    });
    expect([401, 403]).toContain(asUser.status);

    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            status: fc.oneof(
              fc.constantFrom('pending', 'provisioning', 'ready', 'failed'),
              anyValue,
            ),
            message: anyValue,
            taskId: anyValue,
          },
          { requiredKeys: [] },
        ),
        async body => {
          const current = (await service.get(id)).json.status;
          const parsed = statusUpdateRequestSchema.safeParse(body);
          const res = await service.call('POST', `/stores/${id}/status`, body);
          tally.tried++;
          expectJsonAnswer(res);
          let expected: number[];
          if (!parsed.success) expected = [400, 413];
          else if (canTransition(current, parsed.data.status)) expected = [200];
          else expected = [409];
          if (expected[0] !== 200) tally.refused++;
          expect(expected).toContain(res.status);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/**
 * The oracle of a registration by the guest: the common zod contract, then
 * the rules only the backend knows (reserved ids, no task id from a user
 * calling directly, an owner among the caller's ownership refs).
 */
function registrationVerdict(
  body: Record<string, unknown>,
): keyof typeof EXPECTED_STATUS {
  const parsed = createStoreRequestSchema.safeParse(body);
  if (!parsed.success) return 'invalid';
  if (RESERVED.includes(parsed.data.id)) return 'bad-request';
  // An engine offered but not available yet (Medusa) is refused before anything is written.
  if (engineRefusal(parsed.data.engine)) return 'bad-request';
  if (parsed.data.taskId !== undefined) return 'bad-request';
  // The contract allows `kind:name` (namespace default) and `kind:ns/name`.
  const [kind, rest] = parsed.data.owner.split(':');
  const owner = `${kind}:${
    rest.includes('/') ? rest : `default/${rest}`
  }`.toLowerCase();
  return CALLER_REFS.includes(owner) ? 'created' : 'forbidden';
}

/** How an accepted value is stored: titles are trimmed, everything else verbatim. */
function storedForm(field: string, value: unknown) {
  return field === 'title' ? String(value).trim() : value;
}

async function authHeader(backend: RunningBackend) {
  return { authorization: `Bearer ${await guestToken(backend.baseUrl)}` };
}
