import { CoreV1Api } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import { ApiRequest } from '../__testUtils__/faultProxy';
import {
  ProxiedBackend,
  startProxiedBackend,
} from '../__testUtils__/proxiedBackend';
import { dropNamespace, storeForm, unique } from '../__testUtils__/storeApi';

jest.setTimeout(300_000);

const ROUNDS = Number(process.env.DELETE_RACE_ROUNDS ?? 20);
/** Rounds at a time: the rounds are independent stores. */
const PARALLEL = 5;
const SEED = Number(process.env.DELETE_RACE_SEED ?? Date.now() % 1_000_000);
/** The DELETE comes this long after the task starts, at most. */
const MAX_DELETE_AFTER_MS = 4_000;
/** The namespace's create is held in flight this long, at most. */
const MAX_NAMESPACE_DELAY_MS = 3_000;
/**
 * In an "in flight" round the namespace's create is held at least this long and the DELETE
 * comes within the first quarter of it: the deletion finds no namespace and removes the row
 * before the create lands, so only the leftover sweep can remove what it makes.
 */
const MIN_IN_FLIGHT_MS = 2_000;

/** A small seeded generator (mulberry32), so a failing run can be replayed with its seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The store id whose namespace a request creates or applies, if it does. */
function namespaceWrittenBy(request: ApiRequest): string | undefined {
  const path = request.path.split('?')[0];
  if (request.method === 'POST' && path === '/api/v1/namespaces') {
    return request.body?.metadata?.name;
  }
  const applied = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
  return request.method === 'PATCH' ? applied?.[1] : undefined;
}

/**
 * Issue 16's delete-while-provisioning race, through the real scaffolder and
 * the real backend on the local control plane: each round starts a store,
 * holds its namespace's create in flight for a random time, and deletes the
 * store at a random moment (before it is registered, before, during or after
 * the namespace is made). Every round must leave no namespace of the id once
 * the store is gone (the fence stops later steps; the leftover sweep removes
 * a namespace made after the deletion looked), and registering the id again
 * must start from nothing: a new registration uid and a new Secret.
 */
describe('deleting a store while it is provisioning', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  let backend: ProxiedBackend;
  const ids: string[] = [];
  const delays = new Map<string, number>();
  /** Called when the namespace write of a store arrives at the proxy, by namespace name. */
  const onNamespaceWrite = new Map<string, () => void>();

  beforeAll(async () => {
    // Printed so a failing run can be replayed: DELETE_RACE_SEED=<seed>.
    // eslint-disable-next-line no-console
    console.log(`delete race: seed ${SEED}, ${ROUNDS} rounds`);
    backend = await startProxiedBackend(
      {
        databaseReadyMs: 30_000,
        storefrontReadyMs: 30_000,
        bootstrapMs: 30_000,
        deleteMs: 60_000,
      },
      { storePlatform: { leftoverSweep: { intervalSeconds: 1 } } },
    );
    backend.proxy.setRule(request => {
      const name = namespaceWrittenBy(request);
      if (name) onNamespaceWrite.get(name)?.();
      const delayMs = name ? delays.get(name) : undefined;
      return delayMs ? { delayMs } : undefined;
    });
  });

  afterAll(async () => {
    await backend?.stop();
    for (const id of ids) await dropNamespace(core, id);
  });

  /** The namespace of `id`, or undefined once it is gone. */
  const readNamespace = (id: string) =>
    core
      .readNamespace({ name: `store-${id}` })
      .catch(e => (e.code === 404 ? undefined : Promise.reject(e)));

  /** The Secret's identity (never its values), or undefined. */
  const secretIdentity = async (id: string) => {
    const secret = await core
      .readNamespacedSecret({
        name: 'mariadb-secret',
        namespace: `store-${id}`,
      })
      .catch(() => undefined);
    return secret?.metadata?.uid
      ? {
          uid: secret.metadata.uid,
          createdAt: new Date(secret.metadata.creationTimestamp!),
        }
      : undefined;
  };

  /** DELETE, retried while the task has not registered the store yet; the store deleted. */
  async function deleteWhenRegistered(id: string) {
    return eventually(
      `store ${id} to accept its DELETE`,
      async () => {
        const res = await backend.stores.remove(id);
        if (res.status === 202) return res.json;
        if (res.status !== 404) {
          throw new Error(`DELETE answered ${res.status}: ${res.text}`);
        }
        return undefined;
      },
      30_000,
    );
  }

  async function round(n: number, random: () => number) {
    const id = `race-${n}-${unique()}`;
    ids.push(id);
    const inFlight = random() < 0.5;
    const holdMs = inFlight
      ? MIN_IN_FLIGHT_MS +
        Math.round(random() * (MAX_NAMESPACE_DELAY_MS - MIN_IN_FLIGHT_MS))
      : Math.round(random() * MAX_NAMESPACE_DELAY_MS);
    delays.set(`store-${id}`, holdMs);
    const deleteAfterMs = Math.round(
      random() * (inFlight ? holdMs / 4 : MAX_DELETE_AFTER_MS),
    );
    const namespaceWriteSeen = new Promise<void>(resolve =>
      onNamespaceWrite.set(`store-${id}`, resolve),
    );

    const first = await backend.tasks.start(storeForm(id));
    if (inFlight) await namespaceWriteSeen;
    await sleep(deleteAfterMs);
    const secretBefore = await secretIdentity(id);
    const deleted = await deleteWhenRegistered(id);
    await backend.stores.waitFor(id, s => s === 'gone', 90_000);
    const firstOutcome = await backend.tasks.settled(first, 90_000);
    await eventually(
      `no namespace of ${id} (round ${n})`,
      async () => ((await readNamespace(id)) ? undefined : true),
      60_000,
    );

    // The id again: a new registration that inherits nothing.
    delays.delete(`store-${id}`);
    const again = await backend.tasks.start(storeForm(id));
    expect(await backend.tasks.settled(again, 120_000)).toBe('completed');
    const store = (await backend.stores.get(id)).json;
    expect(store.status).toBe('ready');
    expect(store.registrationUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.registrationUid).not.toBe(deleted.registrationUid);
    const ns = await readNamespace(id);
    expect(ns?.metadata?.labels?.['store-platform.io/registration']).toBe(
      store.registrationUid,
    );
    const secret = await secretIdentity(id);
    expect(secret).toBeDefined();
    if (secretBefore) expect(secret!.uid).not.toBe(secretBefore.uid);
    // Made for this registration: not before it was registered (creationTimestamp has whole seconds).
    expect(secret!.createdAt.getTime()).toBeGreaterThanOrEqual(
      Math.floor(new Date(store.createdAt).getTime() / 1000) * 1000,
    );
    return {
      id,
      moment: inFlight
        ? `${deleteAfterMs} ms into its namespace's ${holdMs} ms create`
        : `${deleteAfterMs} ms after the task started`,
      firstOutcome,
      hadSecret: !!secretBefore,
    };
  }

  it(`leaves no namespace behind, ${ROUNDS} times with random timing, and the id registered again starts from nothing`, async () => {
    const random = seededRandom(SEED);
    const results: Awaited<ReturnType<typeof round>>[] = [];
    for (let start = 0; start < ROUNDS; start += PARALLEL) {
      const wave = Array.from(
        { length: Math.min(PARALLEL, ROUNDS - start) },
        (_, i) => start + i,
      );
      // Each round draws its timings now, in order, so the seed decides them.
      const draws = wave.map(() => {
        const drawn = [random(), random(), random()];
        let i = 0;
        return () => drawn[i++];
      });
      results.push(
        ...(await Promise.all(wave.map((n, i) => round(n, draws[i])))),
      );
    }
    // eslint-disable-next-line no-console
    console.log(
      `delete race: ${results
        .map(
          r =>
            `${r.id} deleted ${r.moment} (first task ${r.firstOutcome}${
              r.hadSecret ? ', had a Secret' : ''
            })`,
        )
        .join('; ')}`,
    );
    expect(results).toHaveLength(ROUNDS);
    const output = backend.backend.output();
    const storesIn = (pattern: RegExp) =>
      new Set([...output.matchAll(pattern)].map(m => m[1])).size;
    const fenced = storesIn(
      /store \\?"(race-\d+-[a-z0-9]+)\\?" [^;"]*; provisioning stopped before/g,
    );
    const swept = storesIn(
      /Leftover sweep: namespace store-(race-\d+-[a-z0-9]+) was left/g,
    );
    // eslint-disable-next-line no-console
    console.log(
      `delete race: ${fenced} first tasks stopped by the fence, ${swept} namespaces removed by the leftover sweep`,
    );
  });

  it('refuses a leftover namespace of an earlier registration of the id, saying what to do, and touches nothing in it', async () => {
    const id = `leftover-${unique()}`;
    ids.push(id);
    const earlier = randomUUID();
    const name = `store-${id}`;
    await core.createNamespace({
      body: {
        metadata: {
          name,
          labels: {
            'store-platform.io/installation': 'local',
            'backstage.io/kubernetes-id': id,
            'store-platform.io/store-id': id,
            'store-platform.io/registration': earlier,
          },
        },
      },
    });

    const task = await backend.tasks.start(storeForm(id));
    expect(await backend.tasks.settled(task)).toBe('failed');
    const store = (await backend.stores.get(id)).json;
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toBe(
      `namespace ${name} was left by an earlier registration of this store id ` +
        `(label store-platform.io/registration=${earlier}; this store's registration is ${store.registrationUid}); ` +
        `refusing to adopt it: its Secret, data and administrator account are not this store's. ` +
        `The store platform's leftover sweep deletes it when that registration ended on this install; ` +
        `otherwise ask a cluster admin to delete it (kubectl delete namespace ${name}). Then retry the store.`,
    );
    expect(await backend.tasks.log(task)).toContain(
      `namespace ${name} was left by an earlier registration`,
    );
    const ns = await readNamespace(id);
    expect(ns?.metadata?.labels?.['store-platform.io/registration']).toBe(
      earlier,
    );
    const secrets = await core.listNamespacedSecret({ namespace: name });
    expect(secrets.items).toEqual([]);
  });
});
