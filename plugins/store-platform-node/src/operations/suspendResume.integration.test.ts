import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import { ForeignNamespaceError } from '../errors';
import {
  OPERATION_TEST_CONFIG as config,
  operationTestStores,
} from '../testing/operationTestStore';
import { testClusterKubeConfig, uniqueStoreId } from '../testing/testCluster';
import { resumeStore } from './resumeStore';
import { suspendStore } from './suspendStore';
import { SUSPENDED_REPLICAS_ANNOTATION } from './workloadScale';

jest.setTimeout(240_000);

describe('suspend and resume on the local control plane', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  const stores = operationTestStores(() => kc);

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  afterAll(() => stores.cleanup());

  const podsOf = async (namespace: string) =>
    (await core.listNamespacedPod({ namespace })).items
      .filter(p => p.status?.phase !== 'Succeeded')
      .map(p => p.metadata!.labels!['app.kubernetes.io/component'])
      .sort();

  it('suspends a store to no pods, keeps its Ingress and data, and resumes it to the recorded replicas', async () => {
    const id = await stores.provision('op-suspend');
    const namespace = `store-${id}`;
    expect(await podsOf(namespace)).toEqual(['database', 'storefront']);
    const ingressBefore = await kc
      .makeApiClient(NetworkingV1Api)
      .readNamespacedIngress({ name: 'store-ingress', namespace });

    const progress: string[] = [];
    const suspended = await suspendStore(kc, config, id, {
      onProgress: m => progress.push(m),
    });
    expect(suspended).toEqual({ replicas: { wordpress: 1, mariadb: 1 } });
    expect(await podsOf(namespace)).toEqual([]);
    const deployment = await apps.readNamespacedDeployment({
      name: 'wordpress',
      namespace,
    });
    const sts = await apps.readNamespacedStatefulSet({
      name: 'mariadb',
      namespace,
    });
    expect([deployment.spec?.replicas, sts.spec?.replicas]).toEqual([0, 0]);
    expect(
      deployment.metadata?.annotations?.[SUSPENDED_REPLICAS_ANNOTATION],
    ).toBe('1');
    expect(sts.metadata?.annotations?.[SUSPENDED_REPLICAS_ANNOTATION]).toBe(
      '1',
    );
    expect(progress.join('\n')).toMatch(
      /scaling Deployment wordpress from 1 to 0[\s\S]*scaling StatefulSet mariadb from 1 to 0/,
    );
    // The Ingress still routes to Service wordpress, which now has no ready endpoint: a 503.
    const ingressAfter = await kc
      .makeApiClient(NetworkingV1Api)
      .readNamespacedIngress({ name: 'store-ingress', namespace });
    expect(ingressAfter.spec).toEqual(ingressBefore.spec);
    const slices = await kc
      .makeApiClient(DiscoveryV1Api)
      .listNamespacedEndpointSlice({
        namespace,
        labelSelector: 'kubernetes.io/service-name=wordpress',
      });
    const ready = slices.items.flatMap(s =>
      (s.endpoints ?? []).filter(e => e.conditions?.ready !== false),
    );
    expect(ready).toEqual([]);
    // The volumes stay.
    const claims = await core.listNamespacedPersistentVolumeClaim({
      namespace,
    });
    expect(claims.items.map(c => c.metadata!.name).sort()).toEqual([
      'mariadb-data',
      'wordpress-data',
    ]);

    // Suspending again changes nothing and keeps the replicas to restore.
    const before = deployment.metadata!.resourceVersion;
    await expect(suspendStore(kc, config, id)).resolves.toEqual(suspended);
    expect(
      (await apps.readNamespacedDeployment({ name: 'wordpress', namespace }))
        .metadata!.resourceVersion,
    ).toBe(before);

    const resumeProgress: string[] = [];
    await expect(
      resumeStore(kc, config, id, { onProgress: m => resumeProgress.push(m) }),
    ).resolves.toEqual({ replicas: { wordpress: 1, mariadb: 1 } });
    expect(await podsOf(namespace)).toEqual(['database', 'storefront']);
    const resumed = await apps.readNamespacedDeployment({
      name: 'wordpress',
      namespace,
    });
    expect(resumed.status?.readyReplicas).toBe(1);
    expect(
      resumed.metadata?.annotations?.[SUSPENDED_REPLICAS_ANNOTATION],
    ).toBeUndefined();
    // The database comes back before the storefront that needs it.
    expect(resumeProgress.join('\n')).toMatch(
      /scaling StatefulSet mariadb from 0 to 1[\s\S]*StatefulSet mariadb: 1\/1 ready[\s\S]*scaling Deployment wordpress from 0 to 1/,
    );
    // Resuming a running store only waits.
    await expect(resumeStore(kc, config, id)).resolves.toEqual({
      replicas: { wordpress: 1, mariadb: 1 },
    });
  });

  it('restores the replicas a workload had, not a default', async () => {
    const id = await stores.provision('op-replicas');
    const namespace = `store-${id}`;
    await apps.patchNamespacedDeployment({
      name: 'wordpress',
      namespace,
      body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    });
    const suspended = await suspendStore(kc, config, id);
    expect(suspended.replicas.wordpress).toBe(2);
    await resumeStore(kc, config, id);
    const d = await apps.readNamespacedDeployment({
      name: 'wordpress',
      namespace,
    });
    expect([d.spec?.replicas, d.status?.readyReplicas]).toEqual([2, 2]);
  });

  it('finishes a suspend that was cancelled while its pods were stopping', async () => {
    const id = await stores.provision('op-cancel');
    const controller = new AbortController();
    const first = suspendStore(kc, config, id, {
      signal: controller.signal,
      onProgress: m => {
        if (/waiting for pods of Deployment wordpress/.test(m))
          controller.abort();
      },
    });
    await expect(first).rejects.toThrow(/aborted/);
    await expect(suspendStore(kc, config, id)).resolves.toEqual({
      replicas: { wordpress: 1, mariadb: 1 },
    });
    expect(await podsOf(`store-${id}`)).toEqual([]);
  });

  it('refuses a store that does not exist, and a namespace that is not this install’s, naming them', async () => {
    const missing = uniqueStoreId('op-none');
    await expect(suspendStore(kc, config, missing)).rejects.toThrow(
      NotFoundError,
    );
    await expect(resumeStore(kc, config, missing)).rejects.toThrow(
      `store ${missing} has no namespace store-${missing}`,
    );
    const foreign = uniqueStoreId('op-foreign');
    await core.createNamespace({
      body: { metadata: { name: `store-${foreign}` } },
    });
    try {
      await expect(suspendStore(kc, config, foreign)).rejects.toThrow(
        ForeignNamespaceError,
      );
    } finally {
      await core.deleteNamespace({ name: `store-${foreign}` });
    }
  });

  it('refuses a bad store id naming the field', async () => {
    await expect(suspendStore(kc, config, 'Not A Store')).rejects.toThrow(
      /^name: /,
    );
  });
});
