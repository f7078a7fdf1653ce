import {
  ownerToken,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../__testUtils__/storeApi';
import {
  PrivateCluster,
  startPrivateCluster,
} from '../__testUtils__/privateCluster';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';

jest.setTimeout(900_000);

/**
 * A real restart, not a simulated one: on a private control plane (the
 * shared one is left alone), kube-apiserver is SIGKILLed while a store is
 * provisioning, stays dead for a few seconds, and the whole control plane is
 * started again on the same etcd data. The store must still reach ready.
 */
describe('kube-apiserver killed and restarted mid-provisioning', () => {
  let cluster: PrivateCluster;
  let backend: RunningBackend;

  beforeAll(async () => {
    // Slow pods, so the kill lands while the provisioning waits for them.
    cluster = startPrivateCluster({
      basePort: 28443,
      podReadyDelayMs: 4000,
      jobCompleteDelayMs: 6000,
    });
    backend = await startBackend({
      noWatch: true,
      extraConfig: `
storePlatform:
  kubernetes: { mode: kubeconfig, kubeconfigPath: ${cluster.kubeconfig} }
`,
    });
  });

  afterAll(async () => {
    await backend?.stop();
    cluster?.stop();
  });

  it('reaches ready once the API server is back', async () => {
    const token = await ownerToken(backend.baseUrl);
    const stores = storeApi(backend.baseUrl, token);
    const tasks = taskApi(backend.baseUrl, token);
    const id = `apirestart-${unique()}`;
    const taskId = await tasks.start(storeForm(id));
    await stores.waitFor(id, s => s === 'provisioning', 60_000);
    // Let it get as far as waiting on the database and storefront pods.
    await new Promise(r => setTimeout(r, 2000));

    cluster.killApiServer();
    const unreachable = await fetch(
      `${backend.baseUrl}/.backstage/health/v1/liveness`,
    );
    await new Promise(r => setTimeout(r, 3000));
    cluster.restart();

    expect(unreachable.status).toBe(200); // the backend itself stayed up
    expect(await tasks.settled(taskId, 600_000)).toBe('completed');
    expect((await stores.get(id)).json.status).toBe('ready');
    expect(await tasks.log(taskId)).toContain(`Store ${id} is ready`);
  });
});
