import { CoreV1Api } from '@kubernetes/client-node';
import { testKubeConfig } from '../__testUtils__/kube';
import { FaultProxy } from '../__testUtils__/faultProxy';
import { startProxiedBackend } from '../__testUtils__/proxiedBackend';
import {
  dropNamespace,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../__testUtils__/storeApi';
import { RunningBackend } from '../__testUtils__/startBackend';

jest.setTimeout(900_000);

/**
 * The API server misbehaving while a store is provisioned: transient 429 and
 * 5xx answers, dropped connections, and the server unreachable for a while
 * (every open connection and watch reset, new ones refused), as a restart of
 * kube-apiserver looks from the backend. All injected by the fault proxy.
 */
describe('provisioning while the API server misbehaves', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  let proxy: FaultProxy;
  let backend: RunningBackend;
  let stores: ReturnType<typeof storeApi>;
  let tasks: ReturnType<typeof taskApi>;
  const ids: string[] = [];

  beforeAll(async () => {
    ({ proxy, backend, stores, tasks } = await startProxiedBackend({
      databaseReadyMs: 90_000,
      storefrontReadyMs: 90_000,
      bootstrapMs: 90_000,
      deleteMs: 60_000,
    }));
  });

  afterEach(() => proxy?.setRule(undefined));

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`fault proxy: ${JSON.stringify(proxy?.stats)}`);
    for (const id of ids) {
      await stores?.remove(id).catch(() => undefined);
    }
    await backend?.stop();
    await proxy?.close();
    for (const id of ids) await dropNamespace(core, id);
  });

  async function deleteAndVerifyGone(id: string) {
    expect((await stores.remove(id)).status).toBe(202);
    await stores.waitFor(id, s => s === 'gone', 120_000);
  }

  it('reaches ready through transient 429, 5xx and dropped connections', async () => {
    const id = `flaky-${unique()}`;
    ids.push(id);
    const faults = [
      { status: 429, retryAfterSeconds: 1 },
      { status: 500 },
      { status: 503 },
      { status: 504 },
      { drop: true as const },
    ];
    let n = 0;
    proxy.setRule(() => {
      n++;
      // One request in three fails, rotating through the kinds.
      return n % 3 === 0 ? faults[(n / 3) % faults.length] : undefined;
    });
    const taskId = await tasks.start(storeForm(id));
    expect(await tasks.settled(taskId, 300_000)).toBe('completed');
    expect((await stores.get(id)).json.status).toBe('ready');
    for (const kind of [
      'injected 429',
      'injected 500',
      'injected 503',
      'dropped',
    ]) {
      expect(proxy.stats[kind]).toBeGreaterThan(0);
    }
    proxy.setRule(undefined);
    await deleteAndVerifyGone(id);
  });

  it('reaches ready when the API server is unreachable for 5 s mid-provisioning (a restart)', async () => {
    const id = `restart-${unique()}`;
    ids.push(id);
    const taskId = await tasks.start(storeForm(id));
    await stores.waitFor(id, s => s === 'provisioning', 60_000);
    await proxy.outage(5_000);
    expect(await tasks.settled(taskId, 300_000)).toBe('completed');
    expect((await stores.get(id)).json.status).toBe('ready');
    expect(proxy.stats.outages).toBeGreaterThan(0);
    await deleteAndVerifyGone(id);
  });

  it('fails the store with a clear message, not stuck, when the API server stays away', async () => {
    const id = `away-${unique()}`;
    ids.push(id);
    const taskId = await tasks.start(storeForm(id));
    await stores.waitFor(id, s => s === 'provisioning', 60_000);
    // Every request refused from now on, until the task gives up.
    proxy.setRule(() => ({ drop: true }));
    const settled = await tasks.settled(taskId, 600_000);
    expect(settled).toBe('failed');
    const store = (await stores.get(id)).json;
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toMatch(
      /kubernetes|api|connect|reset|socket|unreachable|timed out/i,
    );
    proxy.setRule(undefined);
    await deleteAndVerifyGone(id);
  });
});
