import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  V1Secret,
} from '@kubernetes/client-node';
import { createStoreCluster } from './cluster/storeCluster';
import { provisioningConfigWith } from './config/provisioningConfig';
import {
  EngineNotAvailableError,
  ForeignNamespaceError,
  ProvisioningAbortedError,
  WaitFailedError,
  WaitTimeoutError,
} from './errors';
import { provisionStore } from './provisionStore';
import { renderStoreManifests } from './resources/storeObjects';
import { StoreSpec } from './spec/storeSpec';
import { StepEvent } from './steps/types';
import { testClusterKubeConfig, uniqueStoreId } from './testing/testCluster';

jest.setTimeout(240_000);

const config = provisioningConfigWith({
  timeouts: {
    databaseReadyMs: 90_000,
    storefrontReadyMs: 90_000,
    bootstrapMs: 120_000,
    deleteMs: 120_000,
  },
});

const specFor = (id: string): StoreSpec => ({
  id,
  title: 'Integration Shop',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
  owner: 'group:default/shop-team',
});

describe('provisioning on the local control plane', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let batch: BatchV1Api;
  const created: string[] = [];

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    batch = kc.makeApiClient(BatchV1Api);
  });

  afterAll(async () => {
    if (!kc) return;
    const cluster = createStoreCluster(kc, config);
    await Promise.allSettled(
      created.map(id => cluster.deleteStore(id, { timeoutMs: 120_000 })),
    );
  });

  const provision = (
    spec: StoreSpec,
    options: Parameters<typeof provisionStore>[3] = {},
    cfg = config,
  ) => {
    created.push(spec.id);
    return provisionStore(kc, cfg, spec, options);
  };

  it('provisions a store to ready with every object of the design, admitted under Pod Security restricted', async () => {
    const spec = specFor(uniqueStoreId('it-ready'));
    const events: StepEvent[] = [];
    const result = await provision(spec, { onEvent: e => events.push(e) });
    const namespace = `store-${spec.id}`;
    expect(result).toEqual({ url: `http://${spec.id}.localhost`, namespace });

    // every object of the design (and our policies) exists as rendered
    const live = KubernetesObjectApi.makeApiClient(kc);
    for (const expected of renderStoreManifests(spec, config)) {
      const found = await live.read({
        apiVersion: expected.apiVersion!,
        kind: expected.kind!,
        metadata: {
          name: expected.metadata!.name!,
          namespace: expected.metadata!.namespace,
        },
      });
      expect([
        found.kind,
        found.metadata?.name,
        found.metadata?.labels?.['backstage.io/kubernetes-id'],
      ]).toEqual([expected.kind, expected.metadata!.name, spec.id]);
    }

    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata!.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'app.kubernetes.io/managed-by': 'store-platform',
    });
    // the pods were admitted by Pod Security `restricted` and ran
    const pods = await core.listNamespacedPod({ namespace });
    const components = pods.items
      .map(p => p.metadata!.labels!['app.kubernetes.io/component'])
      .sort();
    expect(components).toEqual(['bootstrap', 'database', 'storefront']);
    const job = await batch.readNamespacedJob({
      name: `woocommerce-bootstrap-${spec.id}`,
      namespace,
    });
    expect(job.status?.succeeded).toBe(1);

    // steps ran in the designed order, and nothing secret reached the events
    const starts = events.filter(e => e.phase === 'start').map(e => e.stepId);
    expect(starts[0]).toBe('namespace');
    expect(starts[starts.length - 1]).toBe('bootstrap');
    const secret = await core.readNamespacedSecret({
      name: 'mariadb-secret',
      namespace,
    });
    const values = Object.values(secret.data!).map(v =>
      Buffer.from(v, 'base64').toString(),
    );
    expect(values).toHaveLength(3);
    const eventText = JSON.stringify(events);
    for (const value of values) expect(eventText).not.toContain(value);
    expect(
      events.some(
        e =>
          e.phase === 'progress' &&
          /waiting for StatefulSet mariadb: \d\/1 ready/.test(e.message!),
      ),
    ).toBe(true);
  });

  it('converges when the same provisioning runs twice: passwords, workloads and the Job are kept', async () => {
    const spec = specFor(uniqueStoreId('it-twice'));
    const namespace = `store-${spec.id}`;
    await provision(spec);
    const snapshot = async () => {
      const secret: V1Secret = await core.readNamespacedSecret({
        name: 'mariadb-secret',
        namespace,
      });
      const sts = await apps.readNamespacedStatefulSet({
        name: 'mariadb',
        namespace,
      });
      const deploy = await apps.readNamespacedDeployment({
        name: 'wordpress',
        namespace,
      });
      const job = await batch.readNamespacedJob({
        name: `woocommerce-bootstrap-${spec.id}`,
        namespace,
      });
      return {
        secret: secret.data,
        secretVersion: secret.metadata!.resourceVersion,
        sts: sts.metadata!.generation,
        deploy: deploy.metadata!.generation,
        job: job.metadata!.uid,
      };
    };
    const before = await snapshot();
    await provision(spec);
    expect(await snapshot()).toEqual(before);
  });

  it('converges when a provisioning aborted midway is run again', async () => {
    const spec = specFor(uniqueStoreId('it-abort'));
    const controller = new AbortController();
    const aborted = provision(spec, {
      signal: controller.signal,
      onEvent: e => {
        if (e.stepId === 'database' && e.phase === 'start') controller.abort();
      },
    });
    await expect(aborted).rejects.toBeInstanceOf(ProvisioningAbortedError);
    await expect(provision(spec)).resolves.toEqual({
      url: `http://${spec.id}.localhost`,
      namespace: `store-${spec.id}`,
    });
    const sts = await apps.readNamespacedStatefulSet({
      name: 'mariadb',
      namespace: `store-${spec.id}`,
    });
    expect(sts.status?.readyReplicas).toBe(1);
  });

  it('raises the reason when the bootstrap Job fails, and a retry replaces the failed Job', async () => {
    const spec = specFor(uniqueStoreId('it-fail'));
    const failing = provisioningConfigWith({
      ...config,
      bootstrapBackoffLimit: 0,
      extraBootstrapPodLabels: { 'store-platform.io/simulate': 'fail' },
    });
    const error = await provision(spec, {}, failing).catch(e => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect(error.reason).toBe('Job failed');
    expect(error.message).toContain(
      `Job store-${spec.id}/woocommerce-bootstrap-${spec.id} failed: Job failed: BackoffLimitExceeded`,
    );
    expect(error.message).toMatch(
      /container (bootstrap|wait-for-database) exited with code 1 \(Error\)/,
    );
    // the simulated cluster has no kubelet, so logs cannot be read: the error says so
    expect(error.message).toContain('its log could not be read');

    await expect(provision(spec)).resolves.toBeDefined();
    const job = await batch.readNamespacedJob({
      name: `woocommerce-bootstrap-${spec.id}`,
      namespace: `store-${spec.id}`,
    });
    expect(job.status?.succeeded).toBe(1);
  });

  it.each([
    ['small, defaults', 'small', {}],
    [
      'medium, egress restricted, custom ingress',
      'medium',
      {
        egress: { restrict: true, allowedCidrs: ['203.0.113.0/24'] },
        ingressClassName: 'nginx',
        domain: 'shops.example.com',
      },
    ],
    ['large, baseline', 'large', { podSecurity: 'baseline' as const }],
  ])(
    'every object passes server-side validation, and every pod Pod Security admission (%s)',
    async (_, size, overrides) => {
      const spec = {
        ...specFor(uniqueStoreId('it-dry')),
        size: size as StoreSpec['size'],
      };
      const cfg = provisioningConfigWith({ ...config, ...overrides });
      const manifests = renderStoreManifests(spec, cfg);
      const live = KubernetesObjectApi.makeApiClient(kc);
      const namespace = manifests[0];
      created.push(spec.id);
      await live.patch(
        namespace,
        undefined,
        undefined,
        'store-platform-test',
        true,
        PatchStrategy.ServerSideApply,
      );
      for (const obj of manifests.slice(1)) {
        await expect(
          live.create(obj, undefined, 'All').then(o => o.kind),
        ).resolves.toBe(obj.kind);
      }
      // Pod Security is enforced on pods: admit each pod template as a Pod (dry run)
      const templates = manifests.flatMap(obj => {
        const template = (obj as any).spec?.template;
        return template
          ? [{ name: `dry-${obj.metadata!.name}`, template }]
          : [];
      });
      expect(templates).toHaveLength(3);
      for (const { name, template } of templates) {
        const admitted = await core.createNamespacedPod({
          namespace: namespace.metadata!.name!,
          dryRun: 'All',
          body: {
            metadata: { name, labels: template.metadata.labels },
            spec: template.spec,
          },
        });
        expect(admitted.metadata?.name).toBe(name);
      }
      // and a privileged pod is refused by the same namespace
      const refused = await core
        .createNamespacedPod({
          namespace: namespace.metadata!.name!,
          dryRun: 'All',
          body: {
            metadata: { name: 'privileged' },
            spec: {
              containers: [
                {
                  name: 'x',
                  image: 'busybox:1.36',
                  securityContext: { privileged: true },
                },
              ],
            },
          },
        })
        .catch(e => e);
      expect(refused.code).toBe(403);
    },
  );

  it('refuses the medusa engine and leaves nothing behind', async () => {
    const spec = {
      ...specFor(uniqueStoreId('it-medusa')),
      engine: 'medusa' as const,
    };
    await expect(provisionStore(kc, config, spec)).rejects.toBeInstanceOf(
      EngineNotAvailableError,
    );
    expect(await createStoreCluster(kc).inspectStore(spec.id)).toEqual({
      namespace: 'absent',
      storefront: 'absent',
    });
  });

  it('deletes a store: the namespace is gone; a finalizer that holds it is named', async () => {
    const spec = specFor(uniqueStoreId('it-delete'));
    const namespace = `store-${spec.id}`;
    await provision(spec);
    const cluster = createStoreCluster(kc, config);
    expect(await cluster.inspectStore(spec.id)).toEqual({
      namespace: 'present',
      storefront: 'present',
    });

    // an object with a finalizer nobody removes holds the namespace
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    // long enough for the namespace controller to delete the rest and report what holds it
    const stuck = await cluster
      .deleteStore(spec.id, { timeoutMs: 30_000 })
      .catch(e => e);
    expect(stuck).toBeInstanceOf(WaitTimeoutError);
    expect(stuck.message).toContain(`namespace ${namespace} to be deleted`);
    expect(stuck.message).toContain('example.com/hold');
    expect((await cluster.inspectStore(spec.id)).namespace).toBe('terminating');

    await core.patchNamespacedConfigMap({
      name: 'held',
      namespace,
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    await cluster.deleteStore(spec.id, { timeoutMs: 120_000 });
    expect(await cluster.inspectStore(spec.id)).toEqual({
      namespace: 'absent',
      storefront: 'absent',
    });
    // deleting a store that is gone is a no-op
    await expect(cluster.deleteStore(spec.id)).resolves.toBeUndefined();
  });

  describe("a store namespace that is not this install's", () => {
    const other = 'other-release.other-namespace';
    const withLabels = async (id: string, labels?: Record<string, string>) => {
      const name = `store-${id}`;
      await core.createNamespace({ body: { metadata: { name, labels } } });
      return name;
    };

    it.each([
      [
        'of another install',
        { 'store-platform.io/installation': other },
        `belongs to the store platform install "${other}"`,
      ],
      [
        'of no install',
        undefined,
        'belongs to no store platform install (no label store-platform.io/installation',
      ],
    ])(
      'is refused at provisioning, %s, and left as it was',
      async (_, labels, owner) => {
        const id = uniqueStoreId('it-taken');
        const name = await withLabels(id, labels);
        try {
          const refused = await provisionStore(kc, config, specFor(id)).catch(
            e => e,
          );
          expect(refused).toBeInstanceOf(ForeignNamespaceError);
          expect(refused.message).toContain(`namespace ${name} ${owner}`);
          expect(refused.message).toContain('refusing to adopt it');
          expect(refused.message).toContain('Choose another store id');
          const after = await core.readNamespace({ name });
          expect(after.metadata?.labels ?? {}).toEqual(
            expect.not.objectContaining({
              'store-platform.io/installation': 'local',
            }),
          );
          expect(after.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe(
            undefined,
          );
          const secrets = await core.listNamespacedSecret({ namespace: name });
          expect(secrets.items).toEqual([]);
        } finally {
          await core.deleteNamespace({ name });
        }
      },
    );

    it("is neither deleted nor looked into: another install's is left alone, one of no install is refused", async () => {
      const cluster = createStoreCluster(kc, config);
      const othersId = uniqueStoreId('it-others');
      const nobodysId = uniqueStoreId('it-nobodys');
      const others = await withLabels(othersId, {
        'store-platform.io/installation': other,
      });
      const nobodys = await withLabels(nobodysId);
      try {
        expect(await cluster.inspectStore(othersId)).toEqual({
          namespace: 'foreign',
          storefront: 'absent',
        });
        await expect(cluster.deleteStore(othersId)).resolves.toBeUndefined();
        const refused = await cluster.deleteStore(nobodysId).catch(e => e);
        expect(refused).toBeInstanceOf(ForeignNamespaceError);
        expect(refused.message).toContain(
          `refusing to delete it. Choose another store id, or ask a cluster admin to delete it (kubectl delete namespace ${nobodys})`,
        );
        expect(refused.message).toContain(
          `kubectl label namespace ${nobodys} store-platform.io/installation=local`,
        );
        for (const name of [others, nobodys]) {
          const ns = await core.readNamespace({ name });
          expect([name, ns.metadata?.deletionTimestamp]).toEqual([
            name,
            undefined,
          ]);
        }
      } finally {
        await core.deleteNamespace({ name: others });
        await core.deleteNamespace({ name: nobodys });
      }
    });
  });
});
