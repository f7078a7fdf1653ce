import {
  CoreV1Api,
  NetworkingV1Api,
  V1ContainerPort,
  V1Namespace,
  V1Pod,
} from '@kubernetes/client-node';
import {
  buildBootstrapJob,
  buildMariadbService,
  buildMariadbStatefulSet,
  buildNamespace,
  buildNetworkPolicies,
  buildWordpressDeployment,
  BuildContext,
  provisioningConfigWith,
  storeNamespace,
  StoreSpec,
} from '@store-platform/plugin-store-platform-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  REAL_NODE_LABEL,
  realNodeEnabled,
  realNodeImages,
  shInPod,
} from '../__testUtils__/realNode';

jest.setTimeout(180_000);

/** The namespace the test cluster's ingress controller runs in (app-config `ingressControllerNamespace`). */
const INGRESS_NAMESPACE = 'ingress-traefik';
const DATABASE_PORT = 3306;
const PLATFORM_PORT = 7007;
/** How a connection the policies forbid ends: kube-router REJECTs, a DROP would time out. */
const BLOCKED = /^(refused|timed out)$/;

/** What a connection attempt came to, from a busybox `wget` inside a pod. */
type Outcome =
  | { kind: 'answered'; body: string }
  | { kind: 'refused' | 'timed out' | 'other'; output: string };

/**
 * NetworkPolicy enforcement on the real node (kube-router's policy controller,
 * docs/test-cluster.md): the product's own policies, as the node library builds
 * them for a store, over busybox stand-ins carrying the labels and ports of the
 * store's workloads. Every "reaches" is an answer from the server; every
 * "cannot reach" is a refused or timed-out connection to a server that, in the
 * same test, answers a client the policies allow. Skipped unless
 * TEST_CLUSTER_REAL_NODE=1 (kwok runs no process, no network enforces anything).
 */
(realNodeEnabled ? describe : describe.skip)(
  'the store NetworkPolicies on the real node (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const kc = testKubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const networking = kc.makeApiClient(NetworkingV1Api);
    const suffix = Math.random().toString(36).slice(2, 7);
    const config = provisioningConfigWith({
      ingressControllerNamespace: INGRESS_NAMESPACE,
    });
    const contextOf = (id: string): BuildContext => ({
      config,
      spec: {
        id,
        title: `Store ${id}`,
        engine: 'woocommerce',
        size: 'small',
        adminEmail: 'owner@example.com',
        owner: 'group:default/team',
      } satisfies StoreSpec,
    });
    const store = contextOf(`np-a-${suffix}`);
    const otherStore = contextOf(`np-b-${suffix}`);
    const storeNs = storeNamespace(store.spec.id);
    const otherStoreNs = storeNamespace(otherStore.spec.id);
    const platformNs = `np-platform-${suffix}`;
    const outsideNs = `np-outside-${suffix}`;
    const ingressProbe = `np-probe-${suffix}`;
    const createdNamespaces: string[] = [];
    const ips = new Map<string, string>();
    let busybox: string;

    const podKey = (namespace: string, name: string) => `${namespace}/${name}`;

    /** A pod the restricted Pod Security level admits, on the real node. */
    const standIn = (
      name: string,
      labels: Record<string, string>,
      script: string,
      ports: V1ContainerPort[] = [],
    ): V1Pod => ({
      metadata: { name, labels },
      spec: {
        terminationGracePeriodSeconds: 1,
        nodeSelector: { [REAL_NODE_LABEL]: 'true' },
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumes: [{ name: 'tmp', emptyDir: {} }],
        containers: [
          {
            name: 'main',
            image: busybox,
            imagePullPolicy: 'Never',
            command: ['sh', '-c', script],
            ports,
            // From the node, like every kubelet probe: default-deny must let it through.
            readinessProbe: ports.length
              ? {
                  httpGet: { path: '/', port: ports[0].containerPort },
                  periodSeconds: 1,
                }
              : undefined,
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    });

    /** Serves `<namespace>/<name>` over HTTP on every port (busybox httpd). */
    const server = (
      namespace: string,
      name: string,
      labels: Record<string, string>,
      ports: V1ContainerPort[],
    ) =>
      standIn(
        name,
        labels,
        [
          'mkdir -p /tmp/www',
          `echo ${podKey(namespace, name)} > /tmp/www/index.html`,
          ...ports.map(p => `httpd -p ${p.containerPort} -h /tmp/www`),
          'exec sleep 3600',
        ].join('; '),
        ports,
      );

    const client = (name: string, labels: Record<string, string> = {}) =>
      standIn(name, labels, 'exec sleep 3600');

    /** The labels and ports of the product's pod template for a store workload. */
    const templateOf = (workload: {
      spec?: {
        template: {
          metadata?: { labels?: Record<string, string> };
          spec?: { containers: { ports?: V1ContainerPort[] }[] };
        };
      };
    }) => ({
      labels: workload.spec!.template.metadata!.labels!,
      ports: workload.spec!.template.spec!.containers[0].ports ?? [],
    });

    const run = (namespace: string, pod: string, script: string) =>
      shInPod(namespace, pod, 'main', script);

    /** One HTTP request from `from` to `to`'s pod address, cut off after 4 s. */
    const connect = async (
      from: [string, string],
      to: [string, string],
      port: number,
    ): Promise<Outcome> => {
      const ip = ips.get(podKey(...to));
      const out = await run(
        ...from,
        `out=$(timeout 4 wget -q -O - http://${ip}:${port}/ 2>&1); echo "rc=$?"; echo "$out"`,
      );
      const [status, ...rest] = out.trim().split('\n');
      const rc = Number(status.replace('rc=', ''));
      const output = rest.join('\n').trim();
      if (rc === 0) return { kind: 'answered', body: output };
      if (/Connection refused/.test(output)) return { kind: 'refused', output };
      // busybox timeout ends wget with TERM: 143.
      if (rc === 143) return { kind: 'timed out', output };
      return { kind: 'other', output: `rc=${rc} ${output}` };
    };

    /**
     * The body `to` answers `from` with, waiting for the first answer (kube-router
     * syncs pod and policy changes within a second).
     */
    const answer = async (
      from: [string, string],
      to: [string, string],
      port: number,
    ): Promise<string> => {
      const outcome = await eventually(
        `${podKey(...from)} to reach ${podKey(...to)}:${port}`,
        async () => {
          const o = await connect(from, to, port);
          return o.kind === 'answered' ? o : undefined;
        },
        30_000,
      );
      return outcome.body;
    };

    /** How `from`'s connection to `to` fails, waiting for the first refused or timed-out one. */
    const failure = async (
      from: [string, string],
      to: [string, string],
      port: number,
    ): Promise<string> => {
      const outcome = await eventually(
        `${podKey(...from)} to be kept from ${podKey(...to)}:${port}`,
        async () => {
          const o = await connect(from, to, port);
          return o.kind === 'refused' || o.kind === 'timed out' ? o : undefined;
        },
        30_000,
      );
      return outcome.kind;
    };

    const createNamespace = async (
      name: string,
      body: V1Namespace = { metadata: { name } },
    ) => {
      await core.createNamespace({ body });
      createdNamespaces.push(name);
    };

    const createPod = async (namespace: string, body: V1Pod) => {
      await core.createNamespacedPod({ namespace, body });
      const pod = await eventually(
        `pod ${namespace}/${body.metadata!.name} to run`,
        async () => {
          const p = await core.readNamespacedPod({
            name: body.metadata!.name!,
            namespace,
          });
          return p.status?.phase === 'Running' && p.status.podIP
            ? p
            : undefined;
        },
        90_000,
      );
      ips.set(podKey(namespace, body.metadata!.name!), pod.status!.podIP!);
    };

    const database: [string, string] = [storeNs, 'mariadb-0'];
    const storefront: [string, string] = [storeNs, 'wordpress'];
    const bootstrap: [string, string] = [storeNs, 'bootstrap'];
    const otherDatabase: [string, string] = [otherStoreNs, 'mariadb-0'];
    const otherStorefront: [string, string] = [otherStoreNs, 'wordpress'];
    const platformBackend: [string, string] = [platformNs, 'backend'];
    const outsider: [string, string] = [outsideNs, 'client'];
    const ingressController: [string, string] = [
      INGRESS_NAMESPACE,
      ingressProbe,
    ];

    beforeAll(async () => {
      busybox = realNodeImages().busybox;

      for (const ctx of [store, otherStore]) {
        const ns = storeNamespace(ctx.spec.id);
        await createNamespace(ns, buildNamespace(ctx));
        for (const policy of buildNetworkPolicies(ctx)) {
          await networking.createNamespacedNetworkPolicy({
            namespace: ns,
            body: policy,
          });
        }
        await core.createNamespacedService({
          namespace: ns,
          body: buildMariadbService(ctx),
        });
        const db = templateOf(buildMariadbStatefulSet(ctx));
        const web = templateOf(buildWordpressDeployment(ctx));
        const job = templateOf(buildBootstrapJob(ctx));
        await createPod(ns, server(ns, 'mariadb-0', db.labels, db.ports));
        await createPod(ns, server(ns, 'wordpress', web.labels, web.ports));
        await createPod(ns, client('bootstrap', job.labels));
      }
      await createNamespace(platformNs);
      await createPod(
        platformNs,
        server(
          platformNs,
          'backend',
          { 'app.kubernetes.io/name': 'store-platform' },
          [{ name: 'http', containerPort: PLATFORM_PORT }],
        ),
      );
      await createNamespace(outsideNs);
      await createPod(outsideNs, client('client'));
      const ingressExists = await core
        .readNamespace({ name: INGRESS_NAMESPACE })
        .then(() => true)
        .catch(() => false);
      if (!ingressExists) await createNamespace(INGRESS_NAMESPACE);
      await createPod(INGRESS_NAMESPACE, client(ingressProbe));
    });

    afterAll(async () => {
      await core
        .deleteNamespacedPod({
          name: ingressProbe,
          namespace: INGRESS_NAMESPACE,
        })
        .catch(() => undefined);
      for (const name of createdNamespaces) {
        await core.deleteNamespace({ name }).catch(() => undefined);
      }
    });

    it("lets the kubelet's probes from the node through the default-deny policies", async () => {
      for (const [namespace, name] of [database, storefront]) {
        const ready = await eventually(
          `pod ${namespace}/${name} to be Ready`,
          async () => {
            const pod = await core.readNamespacedPod({ name, namespace });
            return pod.status?.conditions?.find(
              c => c.type === 'Ready' && c.status === 'True',
            );
          },
        );
        expect(ready.status).toBe('True');
      }
    });

    it("lets WordPress and the bootstrap Job reach their store's MariaDB, and no one from another namespace", async () => {
      expect(await answer(storefront, database, DATABASE_PORT)).toBe(
        podKey(...database),
      );
      expect(await answer(bootstrap, database, DATABASE_PORT)).toBe(
        podKey(...database),
      );
      expect(await failure(outsider, database, DATABASE_PORT)).toMatch(BLOCKED);
      expect(await failure(ingressController, database, DATABASE_PORT)).toMatch(
        BLOCKED,
      );
    });

    it('lets the ingress controller namespace reach WordPress, and no other namespace', async () => {
      expect(
        await answer(ingressController, storefront, config.wordpressPort),
      ).toBe(podKey(...storefront));
      expect(await failure(outsider, storefront, config.wordpressPort)).toMatch(
        BLOCKED,
      );
    });

    it("keeps a store's pods from the platform's backend", async () => {
      expect(await answer(outsider, platformBackend, PLATFORM_PORT)).toBe(
        podKey(...platformBackend),
      );
      expect(await failure(storefront, platformBackend, PLATFORM_PORT)).toMatch(
        BLOCKED,
      );
      expect(await failure(database, platformBackend, PLATFORM_PORT)).toMatch(
        BLOCKED,
      );
      expect(await failure(bootstrap, platformBackend, PLATFORM_PORT)).toMatch(
        BLOCKED,
      );
    });

    it("keeps a store's pods from another store's pods", async () => {
      expect(await answer(otherStorefront, otherDatabase, DATABASE_PORT)).toBe(
        podKey(...otherDatabase),
      );
      expect(
        await answer(ingressController, otherStorefront, config.wordpressPort),
      ).toBe(podKey(...otherStorefront));
      expect(await failure(storefront, otherDatabase, DATABASE_PORT)).toMatch(
        BLOCKED,
      );
      expect(
        await failure(storefront, otherStorefront, config.wordpressPort),
      ).toMatch(BLOCKED);
      expect(await failure(bootstrap, otherDatabase, DATABASE_PORT)).toMatch(
        BLOCKED,
      );
    });

    it('lets every store pod resolve names through the cluster DNS, and WordPress reach MariaDB by its Service name', async () => {
      const kubernetes = await core.readNamespacedService({
        name: 'kubernetes',
        namespace: 'default',
      });
      for (const pod of [database, storefront, bootstrap]) {
        const out = await run(
          ...pod,
          'nslookup kubernetes.default.svc.cluster.local 2>&1 || echo lookup-failed',
        );
        expect(out).toMatch(
          new RegExp(
            `Name:\\s+kubernetes\\.default\\.svc\\.cluster\\.local\\s+Address:\\s+${kubernetes.spec!.clusterIP!.replace(
              /\./g,
              '\\.',
            )}\\b`,
          ),
        );
      }
      const body = await run(
        ...storefront,
        `timeout 4 wget -q -O - http://mariadb:${DATABASE_PORT}/ 2>&1`,
      );
      expect(body.trim()).toBe(podKey(...database));
    });
  },
);
