import { CoreV1Api } from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  runTemplate,
  TaskRun,
  waitForEntity,
} from '../__testUtils__/scaffolder';
import { RunningBackend, guestToken } from '../__testUtils__/startBackend';
import {
  dropNamespace,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';
import {
  startTeamBackends,
  teamMember,
} from '../__testUtils__/twoTeamBackends';
import { catalogWithDirectActionsTemplate } from './directActionsTemplate';

jest.setTimeout(900_000);

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const DIRECT = 'template:default/store-direct-actions';

/** One person signed in on one replica: their store API, catalog and templates. */
interface Person {
  backend: RunningBackend;
  token: string;
  stores: ReturnType<typeof storeApi>;
  run(templateRef: string, values: Record<string, unknown>): Promise<TaskRun>;
  catalog(method: string, path: string): Promise<Response>;
}

async function signIn(backend: RunningBackend): Promise<Person> {
  const token = await guestToken(backend.baseUrl);
  await waitForEntity(backend.baseUrl, token, {
    kind: 'template',
    name: 'store',
  });
  await waitForEntity(backend.baseUrl, token, {
    kind: 'template',
    name: 'store-direct-actions',
  });
  return {
    backend,
    token,
    stores: storeApi(backend.baseUrl, token),
    run: (templateRef, values) =>
      runTemplate(backend.baseUrl, token, templateRef, values, 300_000),
    catalog: (method, path) =>
      fetch(`${backend.baseUrl}/api/catalog${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      }),
  };
}

/**
 * Two teams on one platform, through the real permission backend and the
 * reference policy: three replicas of one backend on one PostgreSQL, whose
 * guest sign-in makes Alice (team-a), Bob (team-b) and Carol (a platform
 * admin). Bob tries every way in to Alice's store; each is refused, and her
 * store stays as it was. Bob's own store works; Carol may do everything.
 */
describe('two teams on one platform', () => {
  let stop: () => Promise<void>;
  let core: CoreV1Api;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const u = unique();
  const aliceShop = `alice-shop-${u}`;
  const aliceFailed = `alice-failed-${u}`;
  const bobShop = `bob-shop-${u}`;
  let before: {
    namespaceUid: string;
    secretVersion: string;
    store: Record<string, unknown>;
  };

  beforeAll(async () => {
    core = testKubeConfig().makeApiClient(CoreV1Api);
    const started = await startTeamBackends({
      identities: [
        teamMember('alice', TEAM_A),
        teamMember('bob', TEAM_B),
        teamMember('carol', 'group:default/platform-admins'),
      ],
      extraConfig: catalogWithDirectActionsTemplate(),
    });
    stop = started.stop;
    [alice, bob, carol] = await Promise.all(started.backends.map(signIn));

    const provisioned = await alice.run(
      'template:default/store',
      storeForm(aliceShop, { owner: TEAM_A }),
    );
    if (provisioned.status !== 'completed') {
      throw new Error(provisioned.log.join('\n'));
    }
    // A failed store of Alice's: its namespace name is taken by a namespace
    // of no install, which provisioning refuses to touch.
    await core.createNamespace({
      body: { metadata: { name: `store-${aliceFailed}` } },
    });
    const failed = await alice.run(
      'template:default/store',
      storeForm(aliceFailed, { owner: TEAM_A }),
    );
    if (failed.status !== 'failed') {
      throw new Error(`the store should have failed: ${failed.status}`);
    }

    const namespace = await core.readNamespace({ name: `store-${aliceShop}` });
    const secret = await core.readNamespacedSecret({
      name: 'mariadb-secret',
      namespace: `store-${aliceShop}`,
    });
    before = {
      namespaceUid: namespace.metadata!.uid!,
      secretVersion: secret.metadata!.resourceVersion!,
      store: (await alice.stores.get(aliceShop)).json,
    };
  });

  it("starts from Alice's ready store of team-a", () => {
    expect(before.store).toMatchObject({ status: 'ready', owner: TEAM_A });
  });

  afterAll(async () => {
    await stop?.();
    for (const id of [
      aliceShop,
      aliceFailed,
      bobShop,
      `squat-${u}`,
      `carol-${u}`,
    ]) {
      await dropNamespace(core, id);
    }
  });

  describe("Bob (team-b) against Alice's (team-a) store", () => {
    it("cannot register a store in team-a's name through the API: 403 naming the owner, nothing written", async () => {
      const res = await bob.stores.call('POST', '/stores', {
        id: `squat-${u}`,
        engine: 'woocommerce',
        owner: TEAM_A,
      });
      expect(res.status).toBe(403);
      expect(res.json.error.message).toBe(
        `not allowed to register a store owned by ${TEAM_A}: a store's owner must be you or one of your groups (user:default/bob, ${TEAM_B}), unless you are a platform admin`,
      );
      expect((await bob.stores.get(`squat-${u}`)).status).toBe(404);
    });

    it('cannot register one through the store form: the task fails on the owner, no row, no namespace', async () => {
      const task = await bob.run(
        'template:default/store',
        storeForm(`squat-${u}`, { owner: TEAM_A }),
      );
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toContain(
        `owner: not allowed to register a store owned by ${TEAM_A}`,
      );
      expect((await bob.stores.get(`squat-${u}`)).status).toBe(404);
      await expect(
        core.readNamespace({ name: `store-squat-${u}` }),
      ).rejects.toMatchObject({ code: 404 });
    });

    it("cannot provision Alice's ready store from a template of his own, nor pick its engine", async () => {
      const task = await bob.run(DIRECT, {
        op: 'provision',
        name: aliceShop,
        adminEmail: 'bob@example.com',
      });
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toContain(
        `name: store "${aliceShop}" is ready; there is nothing to provision`,
      );

      // The engine is the registered one: the action takes none as input.
      const asMedusa = await bob.run(DIRECT, {
        op: 'provision-as',
        name: aliceShop,
        engine: 'medusa',
        adminEmail: 'bob@example.com',
      });
      expect(asMedusa.status).toBe('failed');
      expect(asMedusa.log.join('\n')).toContain(
        'not allowed to have the additional property "engine"',
      );
    });

    it("cannot retry Alice's failed store with his own admin email", async () => {
      const task = await bob.run(DIRECT, {
        op: 'provision',
        name: aliceFailed,
        adminEmail: 'bob@example.com',
      });
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toContain(
        `name: not allowed to provision store "${aliceFailed}": it is owned by ${TEAM_A}`,
      );
      expect((await alice.stores.get(aliceFailed)).json.status).toBe('failed');
    });

    it("cannot delete Alice's store: not with store:delete, not through the API, not its catalog entity", async () => {
      const task = await bob.run(DIRECT, { op: 'delete', name: aliceShop });
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toContain(
        `not allowed to delete store "${aliceShop}"`,
      );

      const res = await bob.stores.remove(aliceShop);
      expect(res.status).toBe(403);

      const entity = await (
        await bob.catalog(
          'GET',
          `/entities/by-name/resource/default/${aliceShop}`,
        )
      ).json();
      const removal = await bob.catalog(
        'DELETE',
        `/entities/by-uid/${entity.metadata.uid}`,
      );
      expect(removal.status).toBe(403);
    });

    it("cannot set Alice's store's status, see its admin password or reset it", async () => {
      const status = await bob.stores.call(
        'POST',
        `/stores/${aliceShop}/status`,
        {
          status: 'failed',
          message: 'taken over',
        },
      );
      expect(status.status).toBe(403);
      const credentials = await bob.stores.call(
        'GET',
        `/stores/${aliceShop}/admin-credentials`,
      );
      expect(credentials.status).toBe(403);
      const reset = await bob.stores.call(
        'POST',
        `/stores/${aliceShop}/admin-password/reset`,
      );
      expect(reset.status).toBe(403);
    });

    it("leaves Alice's store ready, with its namespace, Secret and owner unchanged", async () => {
      const store = (await alice.stores.get(aliceShop)).json;
      expect(store).toMatchObject({ status: 'ready', owner: TEAM_A });
      expect(store.taskId).toBe(before.store.taskId);
      const namespace = await core.readNamespace({
        name: `store-${aliceShop}`,
      });
      expect(namespace.metadata!.uid).toBe(before.namespaceUid);
      expect(namespace.metadata!.deletionTimestamp).toBeUndefined();
      const secret = await core.readNamespacedSecret({
        name: 'mariadb-secret',
        namespace: `store-${aliceShop}`,
      });
      expect(secret.metadata!.resourceVersion).toBe(before.secretVersion);
      const entity = await (
        await alice.catalog(
          'GET',
          `/entities/by-name/resource/default/${aliceShop}`,
        )
      ).json();
      expect(entity.spec.owner).toBe(TEAM_A);
    });
  });

  it("Bob's own store, in team-b's name, works", async () => {
    const task = await bob.run(
      'template:default/store',
      storeForm(bobShop, { owner: TEAM_B }),
    );
    expect(task.status).toBe('completed');
    expect((await bob.stores.get(bobShop)).json).toMatchObject({
      status: 'ready',
      owner: TEAM_B,
    });
    expect(
      (await bob.stores.call('GET', `/stores/${bobShop}/admin-credentials`))
        .status,
    ).toBe(200);
  });

  describe('Carol, a platform admin', () => {
    it("registers a store in any team's name and reads any store's admin password", async () => {
      const res = await carol.stores.call('POST', '/stores', {
        id: `carol-${u}`,
        engine: 'woocommerce',
        owner: TEAM_A,
      });
      expect(res.status).toBe(201);
      const credentials = await carol.stores.call(
        'GET',
        `/stores/${aliceShop}/admin-credentials`,
      );
      expect(credentials.status).toBe(200);
      expect(credentials.json.username).toBe('admin');
    });

    it("retries another team's failed store once its cause is gone, past the permission", async () => {
      await core.deleteNamespace({ name: `store-${aliceFailed}` });
      await eventually(
        `the squatting namespace store-${aliceFailed} to be gone`,
        async () =>
          (await core
            .readNamespace({ name: `store-${aliceFailed}` })
            .then(() => false)
            .catch(e => e.code === 404))
            ? true
            : undefined,
        120_000,
      );
      const task = await carol.run(DIRECT, {
        op: 'provision',
        name: aliceFailed,
        adminEmail: 'carol@example.com',
      });
      const log = task.log.join('\n');
      expect(log).not.toContain('not allowed');
      expect(task.status).toBe('completed');
      const events = (await carol.stores.events(aliceFailed)).json.items;
      expect(events.map((e: { message?: string }) => e.message)).toContain(
        'provisioning retried',
      );
      expect((await carol.stores.get(aliceFailed)).json).toMatchObject({
        status: 'ready',
        owner: TEAM_A,
      });
    });

    it("deletes another team's store", async () => {
      const task = await carol.run(DIRECT, { op: 'delete', name: aliceFailed });
      expect(task.status).toBe('completed');
      await carol.stores.waitFor(aliceFailed, status => status === 'gone');
    });
  });
});
