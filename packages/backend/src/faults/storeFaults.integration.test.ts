import {
  CoreV1Api,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import { FaultProxy, FaultRule, writes } from '../__testUtils__/faultProxy';
import { startProxiedBackend } from '../__testUtils__/proxiedBackend';
import {
  dropNamespace,
  generatedSecrets,
  namespaceEventsText,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../__testUtils__/storeApi';
import { RunningBackend } from '../__testUtils__/startBackend';

jest.setTimeout(600_000);

/**
 * Faults that end within seconds, each through the real scaffolder and the
 * real backend, with the cluster reached through the fault proxy. Every case
 * ends with the store in a true, settled state: ready, failed with a reason,
 * or gone with its namespace.
 */
/** Keeps the bootstrap Job from being created, so a test can act mid-provisioning. */
const holdBootstrapJob: FaultRule = request =>
  writes(request, 'jobs') ? { status: 503, retryAfterSeconds: 1 } : undefined;

describe('store provisioning under faults', () => {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kc);
  let proxy: FaultProxy;
  let backend: RunningBackend;
  let token: string;
  let stores: ReturnType<typeof storeApi>;
  let tasks: ReturnType<typeof taskApi>;
  const ids: string[] = [];
  const secrets: string[] = [];

  const newId = (prefix: string) => {
    const id = `${prefix}-${unique()}`;
    ids.push(id);
    return id;
  };

  beforeAll(async () => {
    ({ proxy, backend, token, stores, tasks } = await startProxiedBackend({
      databaseReadyMs: 20_000,
      storefrontReadyMs: 8_000,
      bootstrapMs: 30_000,
      deleteMs: 45_000,
    }));
  });

  afterEach(() => proxy?.setRule(undefined));

  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    for (const id of ids) await dropNamespace(core, id);
  });

  /** Collects the store's passwords so the final scan can look for them everywhere. */
  async function remember(id: string) {
    secrets.push(...(await generatedSecrets(core, id)));
  }

  async function namespaceGone(id: string) {
    await eventually(
      `namespace store-${id} to be gone`,
      async () => {
        try {
          await core.readNamespace({ name: `store-${id}` });
          return undefined;
        } catch (error: any) {
          return error.code === 404 ? true : undefined;
        }
      },
      90_000,
    );
  }

  async function deleteAndVerifyGone(id: string) {
    const res = await stores.remove(id);
    expect(res.status).toBe(202);
    await stores.waitFor(id, s => s === 'gone', 90_000);
    await namespaceGone(id);
  }

  it('converges when every object already exists from an earlier attempt', async () => {
    const id = newId('exists');
    // The earlier attempt: every object of the store, created as the dry run renders them.
    const dryRun = await fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        template: await templateOf(backend.baseUrl, token),
        values: storeForm(id),
        directoryContents: [],
      }),
    });
    expect(dryRun.status).toBe(200);
    const manifests: KubernetesObject[] = (await dryRun.json()).log
      .map((l: any) => String(l.body.message))
      .filter((m: string) => m.includes('Dry run: would apply {'))
      .map((m: string) => JSON.parse(m.slice(m.indexOf('{'))));
    expect(manifests.length).toBeGreaterThan(8);
    for (const manifest of manifests) {
      const copy = structuredClone(manifest) as any;
      if (copy.kind === 'Secret') {
        // What an earlier attempt generated: must be kept, not regenerated.
        copy.stringData = {
          ...Object.fromEntries(
            Object.keys(copy.stringData ?? copy.data ?? {}).map(k => [
              k,
              `earlier-${k}-value-123456`,
            ]),
          ),
        };
        delete copy.data;
      }
      await objects.create(copy);
    }
    const before = await core.readNamespacedSecret({
      name: 'mariadb-secret',
      namespace: `store-${id}`,
    });

    const seen = proxy.requests.length;
    const taskId = await tasks.start(storeForm(id));
    expect(await tasks.settled(taskId)).toBe('completed');
    // Every create the provisioning made met an existing object.
    const creates = proxy.requests
      .slice(seen)
      .filter(r => r.method === 'POST' && r.path.includes(`store-${id}`));
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.every(r => r.status === 409)).toBe(true);

    expect((await stores.get(id)).json).toMatchObject({ status: 'ready' });
    const after = await core.readNamespacedSecret({
      name: 'mariadb-secret',
      namespace: `store-${id}`,
    });
    expect(after.data).toEqual(before.data);
    await remember(id);
  });

  it('fails the store with the reason when the bootstrap Job fails', async () => {
    const id = newId('jobfail');
    proxy.setRule(request =>
      writes(request, 'jobs') && request.body?.kind === 'Job'
        ? {
            rewrite: withPodLabel(
              request.body,
              'store-platform.io/simulate',
              'fail',
            ),
          }
        : undefined,
    );
    const taskId = await tasks.start(storeForm(id));
    expect(await tasks.settled(taskId)).toBe('failed');
    const store = (await stores.get(id)).json;
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toMatch(/bootstrap|job/i);
    await remember(id);
    expect(await tasks.log(taskId)).toMatch(/woocommerce-bootstrap/);
    await deleteAndVerifyGone(id);
  });

  it('fails the store, naming the quota, when the quota refuses its pods', async () => {
    const id = newId('quota');
    proxy.setRule(request =>
      writes(request, 'resourcequotas') &&
      request.body?.kind === 'ResourceQuota'
        ? {
            rewrite: {
              ...request.body,
              spec: { ...request.body.spec, hard: { pods: '0' } },
            },
          }
        : undefined,
    );
    const taskId = await tasks.start(storeForm(id));
    expect(await tasks.settled(taskId)).toBe('failed');
    const store = (await stores.get(id)).json;
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toMatch(/quota/i);
    await deleteAndVerifyGone(id);
  });

  it('fails the store after its timeout when a pod is never scheduled', async () => {
    const id = newId('noready');
    proxy.setRule(request =>
      writes(request, 'deployments') && request.body?.kind === 'Deployment'
        ? {
            rewrite: withNodeSelector(request.body, {
              'store-platform.io/no-such-node': 'true',
            }),
          }
        : undefined,
    );
    const taskId = await tasks.start(storeForm(id));
    expect(await tasks.settled(taskId)).toBe('failed');
    const store = (await stores.get(id)).json;
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toMatch(/wordpress/i);
    expect(store.statusMessage).toMatch(/unschedulable|timed out|not ready/i);
    await deleteAndVerifyGone(id);
  });

  it('fails the store at once, naming the image, when the image cannot be pulled', async () => {
    const id = newId('noimage');
    const missing = 'registry.invalid/store-platform/no-such-image:0';
    proxy.setRule(request =>
      writes(request, 'deployments') && request.body?.kind === 'Deployment'
        ? {
            rewrite: withNodeSelector(withImage(request.body, missing), {
              'store-platform.io/no-such-node': 'true',
            }),
          }
        : undefined,
    );
    const taskId = await tasks.start(storeForm(id));
    // No kubelet here: play its part for the unscheduled pod, as it reports a failed pull.
    const pod = await eventually(
      'the wordpress pod',
      async () =>
        (
          await core.listNamespacedPod({ namespace: `store-${id}` })
        ).items.find(p => p.metadata?.name?.startsWith('wordpress-')),
      30_000,
    );
    await core.patchNamespacedPodStatus({
      name: pod.metadata!.name!,
      namespace: `store-${id}`,
      body: [
        {
          op: 'add',
          path: '/status/containerStatuses',
          value: pod.spec!.containers.map(c => ({
            name: c.name,
            image: c.image!,
            imageID: '',
            ready: false,
            restartCount: 0,
            state: {
              waiting: {
                reason: 'ImagePullBackOff',
                message: `Back-off pulling image "${missing}"`,
              },
            },
          })),
        },
      ],
    });
    expect(await tasks.settled(taskId)).toBe('failed');
    const store = (await stores.get(id)).json;
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toMatch(/ImagePullBackOff|image/i);
    await deleteAndVerifyGone(id);
  });

  it("leaves a cancelled task's store failed (not provisioning), and deletable", async () => {
    const id = newId('cancel');
    // Hold the bootstrap Job back so the cancel lands mid-provisioning.
    proxy.setRule(holdBootstrapJob);
    const taskId = await tasks.start(storeForm(id));
    await stores.waitFor(id, s => s === 'provisioning', 60_000);
    expect(await tasks.cancel(taskId)).toBe(200);
    expect(['cancelled', 'failed']).toContain(await tasks.settled(taskId));
    const store = await stores.waitFor(id, s => s !== 'provisioning', 30_000);
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toMatch(/cancel/i);
    proxy.setRule(undefined);
    await deleteAndVerifyGone(id);
  });

  it('deletes a store asked to go while it is provisioning, and nothing brings it back', async () => {
    const id = newId('delprov');
    proxy.setRule(holdBootstrapJob);
    const taskId = await tasks.start(storeForm(id));
    await stores.waitFor(id, s => s === 'provisioning', 60_000);
    const res = await stores.remove(id);
    expect(res.status).toBe(202);
    expect(res.json.status).toBe('deleting');
    proxy.setRule(undefined);
    expect(await tasks.settled(taskId)).not.toBe('completed');
    await stores.waitFor(id, s => s === 'gone', 90_000);
    await namespaceGone(id);
    // The task's late steps must not have recreated it.
    await new Promise(r => setTimeout(r, 3000));
    expect((await stores.get(id)).status).toBe(404);
    await expect(
      core.readNamespace({ name: `store-${id}` }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('reports a namespace held by a finalizer, and deletes it once released; a second delete is harmless', async () => {
    const id = newId('finalizer');
    const taskId = await tasks.start(storeForm(id));
    expect(await tasks.settled(taskId)).toBe('completed');
    await remember(id);
    await core.createNamespacedConfigMap({
      namespace: `store-${id}`,
      body: {
        metadata: {
          name: 'held',
          finalizers: ['store-platform.io/test-hold'],
        },
      },
    });

    const first = await stores.remove(id);
    expect(first.status).toBe(202);
    // Deleting twice: the second request finds the deletion under way.
    const second = await stores.remove(id);
    expect([202, 409]).toContain(second.status);
    const failed = await stores.waitFor(id, s => s === 'failed', 120_000);
    expect(failed.statusMessage).toMatch(/deletion failed/);
    expect(failed.statusMessage).toMatch(
      /finalizer|store-platform\.io\/test-hold|terminating|did not/i,
    );

    await core.patchNamespacedConfigMap({
      name: 'held',
      namespace: `store-${id}`,
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    await deleteAndVerifyGone(id);
    // A third delete of a store that is gone is a clear 404, not a 500.
    const third = await stores.remove(id);
    expect(third.status).toBe(404);
  });

  it('lets exactly one of two tasks creating the same store id win', async () => {
    const id = newId('race');
    const [a, b] = await Promise.all([
      tasks.start(storeForm(id)),
      tasks.start(storeForm(id)),
    ]);
    const [sa, sb] = await Promise.all([tasks.settled(a), tasks.settled(b)]);
    expect([sa, sb].sort()).toEqual(['completed', 'failed']);
    const loser = sa === 'failed' ? a : b;
    const winner = sa === 'failed' ? b : a;
    expect(await tasks.log(loser)).toContain(
      `a store with id \\"${id}\\" already exists; choose another name`,
    );
    expect((await stores.get(id)).json).toMatchObject({
      status: 'ready',
      taskId: winner,
    });
    await remember(id);
    await deleteAndVerifyGone(id);
  });

  it('left nothing stuck and no generated secret in any log, event or response', async () => {
    expect(secrets.length).toBeGreaterThan(0);
    const output = backend.output();
    for (const id of ids) {
      const store = await stores.get(id);
      expect(['gone', 'ready', 'failed']).toContain(
        store.status === 404 ? 'gone' : store.json.status,
      );
      const history = await stores.events(id);
      const events = await namespaceEventsText(core, id).catch(() => '');
      for (const secret of secrets) {
        expect(store.text).not.toContain(secret);
        expect(history.text).not.toContain(secret);
        expect(events).not.toContain(secret);
        expect(output).not.toContain(secret);
      }
    }
    expect(output).not.toMatch(/status(Code)?[=: ]+500\b/);
  });
});

async function templateOf(baseUrl: string, token: string) {
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-name/template/default/store`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const entity = await res.json();
  delete entity.metadata.uid;
  delete entity.metadata.etag;
  delete entity.relations;
  return entity;
}

function withPodLabel(job: any, key: string, value: string) {
  const copy = structuredClone(job);
  copy.spec.template.metadata ??= {};
  copy.spec.template.metadata.labels = {
    ...copy.spec.template.metadata.labels,
    [key]: value,
  };
  return copy;
}

function withNodeSelector(workload: any, selector: Record<string, string>) {
  const copy = structuredClone(workload);
  copy.spec.template.spec.nodeSelector = selector;
  return copy;
}

function withImage(workload: any, image: string) {
  const copy = structuredClone(workload);
  for (const c of copy.spec.template.spec.containers) c.image = image;
  return copy;
}
