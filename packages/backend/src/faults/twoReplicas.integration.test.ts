import { CoreV1Api } from '@kubernetes/client-node';
import yaml from 'yaml';
import {
  ApiRequest,
  backendConfigThrough,
  FaultProxy,
  startFaultProxy,
} from '../__testUtils__/faultProxy';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  Replicas,
  startReplicasOnPostgres,
} from '../__testUtils__/replicasOnPostgres';
import {
  dropNamespace,
  ownerToken,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../__testUtils__/storeApi';

// 20 real provisionings through two scaffolders and a takeover: 83 s on
// 2 cores, so an integration suite; the timeouts allow for a loaded machine.
jest.setTimeout(1_500_000);

const STORES = 20;
/** Stores whose deletion is held by a finalizer, each accepted by the replica named. */
const HELD = ['b', 'b', 'a'] as const;
const HOLD = 'store-platform.io/test-hold';

/**
 * Two backend processes on one PostgreSQL, both reaching the cluster through
 * the fault proxy (which records every namespace DELETE). Stores are created
 * through both; deletions held by a finalizer run on each; replica b is
 * SIGKILLed mid-way. Replica a must take b's deletions over (without deleting
 * twice), resume b's provisioning tasks (scaffolder task recovery), and every
 * store must end `ready`, `failed` with a reason, or gone with its namespace.
 */
describe('two backend replicas on one PostgreSQL, one killed mid-way', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  const run = `rep-${unique()}`;
  const ids = Array.from({ length: STORES }, (_, i) => `${run}-${i}`);
  let proxy: FaultProxy;
  let replicas: Replicas;

  const releaseHold = (id: string) =>
    core.patchNamespacedConfigMap({
      name: 'held',
      namespace: `store-${id}`,
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });

  afterAll(async () => {
    await replicas?.stop();
    await proxy?.close();
    for (const id of ids) {
      await releaseHold(id).catch(() => undefined); // a failed run must not leave a namespace terminating
      await dropNamespace(core, id);
    }
  });

  it('ends every store ready, failed with a reason, or gone; each deletion runs once; no namespace without a row', async () => {
    proxy = await startFaultProxy(testKubeConfig());
    replicas = await startReplicasOnPostgres(2, replicaConfig(proxy));
    const [a, b] = replicas.backends;
    const tokenA = await ownerToken(a.baseUrl);
    const tokenB = await ownerToken(b.baseUrl);
    const via = {
      a: {
        stores: storeApi(a.baseUrl, tokenA),
        tasks: taskApi(a.baseUrl, tokenA),
      },
      b: {
        stores: storeApi(b.baseUrl, tokenB),
        tasks: taskApi(b.baseUrl, tokenB),
      },
    };
    const stores = via.a.stores; // the survivor's view

    // Spread over both replicas.
    const taskIds: string[] = [];
    for (const [i, id] of ids.entries()) {
      taskIds.push(await via[i % 2 ? 'b' : 'a'].tasks.start(storeForm(id)));
    }

    // Mid-way: the first ready stores get deletions that cannot finish yet.
    const held = await eventually(
      `${HELD.length} stores to be ready`,
      async () => {
        const ready: string[] = [];
        for (const id of ids) {
          if ((await stores.get(id)).json?.status === 'ready') ready.push(id);
        }
        return ready.length >= HELD.length
          ? ready.slice(0, HELD.length)
          : undefined;
      },
      600_000,
    );
    for (const [i, id] of held.entries()) {
      await core.createNamespacedConfigMap({
        namespace: `store-${id}`,
        body: { metadata: { name: 'held', finalizers: [HOLD] } },
      });
      expect((await via[HELD[i]].stores.remove(id)).status).toBe(202);
    }
    const pidOf = { a: a.pid, b: b.pid };
    for (const [i, id] of held.entries()) {
      const runBy = new RegExp(
        `^deletion run by replica \\S+-${pidOf[HELD[i]]}-\\w+$`,
      );
      await eventually(
        `store ${id}'s deletion to be claimed by replica ${HELD[i]}`,
        async () =>
          (
            await stores.events(id)
          ).json?.items?.some((e: any) => runBy.test(e.message ?? '')) ||
          undefined,
      );
    }

    await b.kill();

    // Replica a takes b's deletions over, and leaves its own alone.
    for (const [i, id] of held.entries()) {
      if (HELD[i] !== 'b') continue;
      await eventually(
        `replica a to take over the deletion of ${id}`,
        async () =>
          (
            await stores.events(id)
          ).json?.items?.some((e: any) =>
            new RegExp(
              `^deletion taken over by replica \\S+-${a.pid}-\\w+: replica \\S+-${b.pid}-`,
            ).test(e.message ?? ''),
          ) || undefined,
        120_000,
      );
    }
    for (const id of held) {
      expect((await stores.get(id)).json?.status).toBe('deleting');
    }
    const heldByA = held.filter((_, i) => HELD[i] === 'a');
    for (const id of heldByA) {
      const messages = (await stores.events(id)).json.items.map(
        (e: any) => e.message,
      );
      expect(messages.filter((m: string) => /taken over/.test(m))).toEqual([]);
    }

    // Released, the held deletions finish; every other store settles.
    for (const id of held) await releaseHold(id);
    const settled = new Map<string, any>();
    for (const id of ids) {
      let status = '';
      const store = await stores.waitFor(
        id,
        s => ['ready', 'failed', 'gone'].includes((status = s)),
        600_000,
      );
      settled.set(id, { ...store, status }); // a gone store's body is the 404's
    }
    for (const id of held) expect(settled.get(id).status).toBe('gone');
    const failedWithoutReason = [...settled]
      .filter(([, store]) => store.status === 'failed')
      .filter(([, store]) => !/\S/.test(store.statusMessage ?? ''))
      .map(([id]) => id);
    expect(failedWithoutReason).toEqual([]);
    await expectEveryNamespaceHasARow(stores, ids);
    // No task is left running on the dead replica: the survivor's scaffolder
    // re-opened and resumed those whose heartbeat stopped.
    const taskStatuses = await Promise.all(
      taskIds.map(taskId => via.a.tasks.settled(taskId, 300_000)),
    );
    expect(
      taskStatuses.filter(s => s !== 'completed' && s !== 'failed'),
    ).toEqual([]);

    // Everything left is deleted through the survivor.
    const left = ids.filter(id => settled.get(id).status !== 'gone');
    const removals = [];
    for (const id of left) removals.push((await stores.remove(id)).status);
    expect(removals).toEqual(left.map(() => 202));
    for (const id of ids) {
      await stores.waitFor(id, s => s === 'gone', 300_000);
    }
    await expectEveryNamespaceHasARow(stores, ids);

    // Each deletion ran once: at most one namespace DELETE per store, exactly
    // one for each store that had its namespace (held, or ready when settled).
    const deletes = namespaceDeletes(proxy.requests, ids);
    expect(ids.filter(id => (deletes.get(id) ?? 0) > 1)).toEqual([]);
    const hadNamespace = ids.filter(
      id => held.includes(id) || settled.get(id).status === 'ready',
    );
    expect(hadNamespace.filter(id => deletes.get(id) !== 1)).toEqual([]);
    expect(a.output()).not.toMatch(/Deleting store \S+ failed/);
  });

  /** Every namespace of this run's stores still has its row (GET 200, not 404). */
  async function expectEveryNamespaceHasARow(
    stores: ReturnType<typeof storeApi>,
    storeIds: string[],
  ) {
    const { items } = await core.listNamespace();
    const orphans: string[] = [];
    for (const id of storeIds) {
      const name = `store-${id}`;
      if (!items.some(ns => ns.metadata?.name === name)) continue;
      if ((await stores.get(id)).status === 404) orphans.push(name);
    }
    expect(orphans).toEqual([]);
  }
});

/** Both replicas: the cluster through the proxy, generous waits, and short bounds so the takeover shows. */
function replicaConfig(proxy: FaultProxy): string {
  const config = yaml.parse(
    backendConfigThrough(proxy, {
      databaseReadyMs: 240_000,
      storefrontReadyMs: 240_000,
      bootstrapMs: 300_000,
      deleteMs: 300_000,
    }),
  );
  config.storePlatform.reconciler = {
    stuckAfterMinutes: 0.5,
    intervalSeconds: 5,
    timeoutSeconds: 30,
  };
  // As app-config.production.yaml, with a shorter bound.
  config.scaffolder = {
    taskRecovery: { enabled: true, staleTimeout: { seconds: 10 } },
  };
  config.storePlatform.deletion = {
    heartbeatSeconds: 1,
    takeOverAfterSeconds: 5,
    sweepSeconds: 2,
  };
  return yaml.stringify(config);
}

/** Namespace DELETEs the API server answered, by store id. */
function namespaceDeletes(requests: ApiRequest[], storeIds: string[]) {
  const counts = new Map<string, number>();
  for (const request of requests) {
    if (request.method !== 'DELETE' || request.status === undefined) continue;
    const match = /^\/api\/v1\/namespaces\/store-([^/?]+)$/.exec(
      request.path.split('?')[0],
    );
    if (match && storeIds.includes(match[1])) {
      counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    }
  }
  return counts;
}
