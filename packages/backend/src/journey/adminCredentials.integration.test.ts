import { BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import {
  provisionStoreAs,
  startAliceAndBob,
  STORE_OWNERS as OWNERS,
} from '../__testUtils__/aliceAndBob';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import { TaskRun } from '../__testUtils__/scaffolder';
import { guestToken } from '../__testUtils__/startBackend';
import {
  dropNamespace,
  namespaceEventsText,
  storeApi,
  unique,
} from '../__testUtils__/storeApi';
import { TwoTeamBackends } from '../__testUtils__/twoTeamBackends';

jest.setTimeout(600_000);

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const withoutColours = (text: string) => text.replace(ANSI, '');

/**
 * The owner's way into the store, through the real permission backend and
 * the reference policy: two backends on one PostgreSQL (one platform, two
 * replicas), signing their guest in as Alice of the owning team and as Bob
 * of another team.
 */
describe('the admin credentials of a store, owner and non-owner', () => {
  let backends: TwoTeamBackends;
  let core: CoreV1Api;
  let batch: BatchV1Api;
  let alice: ReturnType<typeof storeApi>;
  let bob: ReturnType<typeof storeApi>;
  let task: TaskRun;
  const id = `creds-${unique()}`;
  /** Every admin password the store had, to look for in the logs. */
  const passwords: string[] = [];

  async function secretPassword(): Promise<string> {
    const secret = await core.readNamespacedSecret({
      name: 'mariadb-secret',
      namespace: `store-${id}`,
    });
    return Buffer.from(
      secret.data!['wordpress-admin-password'],
      'base64',
    ).toString('utf8');
  }

  beforeAll(async () => {
    const kc = testKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    batch = kc.makeApiClient(BatchV1Api);
    const people = await startAliceAndBob({ templates: ['store'] });
    backends = people.backends;
    alice = people.alice.stores;
    bob = people.bob.stores;
    task = await provisionStoreAs(people.alice, id);
  });

  afterAll(async () => {
    await backends?.stop();
    await dropNamespace(core, id);
  });

  const credentialsPath = `/stores/${id}/admin-credentials`;
  const resetPath = `/stores/${id}/admin-password/reset`;

  it('gives the owner the user name and the password of the namespace Secret, not to be cached, audited', async () => {
    const res = await alice.call('GET', credentialsPath);
    expect(res.status).toBe(200);
    const password = await secretPassword();
    passwords.push(password);
    expect(res.json).toEqual({ username: 'admin', password });
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const raw = await fetch(
      `${backends.a.baseUrl}/api/store-platform${credentialsPath}`,
      { headers: { authorization: await authHeader(backends.a.baseUrl) } },
    );
    expect(raw.headers.get('cache-control')).toBe('no-store');

    // The auditor's record names who read which store.
    await eventually('the audit event in the backend log', async () =>
      /store-platform\.admin-credentials-read/.test(backends.a.output()) &&
      backends.a.output().includes('user:default/alice') &&
      backends.a.output().includes(`"storeId":"${id}"`)
        ? true
        : undefined,
    );
  });

  it('refuses another team, on another replica that sees the same store, with 403', async () => {
    const store = await bob.get(id);
    expect(store.status).toBe(200);
    expect(store.json).toMatchObject({ id, owner: OWNERS, status: 'ready' });

    const read = await bob.call('GET', credentialsPath);
    expect(read.status).toBe(403);
    expect(read.json.error.message).toBe(
      `not allowed to read the admin credentials of store "${id}"`,
    );
    const reset = await bob.call('POST', resetPath);
    expect(reset.status).toBe(403);
    for (const password of passwords) {
      expect(read.text + reset.text).not.toContain(password);
    }
    expect(await secretPassword()).toBe(passwords[0]);
    // The refusal is audited too, as a failure, on the replica that refused.
    await eventually('the failed audit event', async () =>
      /store-platform\.admin-credentials-read/.test(backends.b.output()) &&
      backends.b.output().includes('user:default/bob') &&
      // `status="failed"` in the development log format, `"status":"failed"` in JSON
      /status(=|":)"failed"/.test(withoutColours(backends.b.output()))
        ? true
        : undefined,
    );
  });

  it('resets the password for the owner: a Job applies it, the Secret holds it, the reset objects go away', async () => {
    const before = await secretPassword();
    const res = await alice.call('POST', resetPath);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ storeId: id, resetAt: expect.any(String) });

    const after = await secretPassword();
    passwords.push(after);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(res.text).not.toContain(after);
    expect((await alice.call('GET', credentialsPath)).json.password).toBe(
      after,
    );

    // The Job, its pod and its one-off Secret are deleted once it is done.
    await eventually('the reset Job to be gone', async () =>
      (await batch
        .readNamespacedJob({
          name: 'wordpress-admin-password-reset',
          namespace: `store-${id}`,
        })
        .then(() => false)
        .catch(e => e.code === 404))
        ? true
        : undefined,
    );
    await eventually('the one-off Secret to be collected', async () =>
      (await core
        .readNamespacedSecret({
          name: 'wordpress-admin-password-reset',
          namespace: `store-${id}`,
        })
        .then(() => false)
        .catch(e => e.code === 404))
        ? true
        : undefined,
    );
  });

  it('leaves no admin password in any backend log, the task log or a Kubernetes event', async () => {
    expect(passwords).toHaveLength(2);
    const events = await namespaceEventsText(core, id);
    for (const password of passwords) {
      expect(backends.a.output()).not.toContain(password);
      expect(backends.b.output()).not.toContain(password);
      expect(task.log.join('\n')).not.toContain(password);
      expect(events).not.toContain(password);
    }
  });

  async function authHeader(baseUrl: string) {
    return `Bearer ${await guestToken(baseUrl)}`;
  }
});
