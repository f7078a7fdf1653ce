import { dumpYaml, KubernetesObject } from '@kubernetes/client-node';
import {
  provisioningConfigWith,
  renderStoreManifests,
  StoreSpec,
} from '@store-platform/plugin-store-platform-node';
import { parse as parseYaml } from 'yaml';
import { Manifest, renderChart, RenderOptions } from './__testUtils__/helm';
import {
  Endpoint,
  ModelNamespace,
  ModelPod,
  NetworkPolicyManifest,
  NetworkPolicyModel,
  Protocol,
} from './__testUtils__/networkPolicyEvaluator';

// kwok runs no network plugin, so nothing enforces NetworkPolicies on the local control plane.
// This suite evaluates what would be enforced: the policies the node library renders for two
// stores and the chart renders for the platform, over a modelled cluster whose pods are the
// rendered workloads (their template labels and container ports). Every case runs twice:
// network plugins differ on whether `ipBlock` also matches pod addresses, and isolation must
// hold under both.

const PLATFORM_NS = 'store-platform';
const POD_CIDR_PREFIX = '10.244';

/** The wire form the API server receives (`from`, not the client library's `_from`). */
const wire = (o: KubernetesObject): Manifest => parseYaml(dumpYaml(o));

const specFor = (id: string): StoreSpec => ({
  id,
  title: `Store ${id}`,
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
  owner: 'group:default/team',
});

/** One modelled pod per workload, its address taken from the pod range in order. */
function podsOf(manifests: Manifest[], namespaceOf: (m: Manifest) => string) {
  return manifests
    .filter(m => ['Deployment', 'StatefulSet', 'Job'].includes(m.kind))
    .map(
      (m): Omit<ModelPod, 'ip'> => ({
        name: `${m.kind}/${m.metadata.name}`,
        namespace: namespaceOf(m),
        labels: m.spec.template.metadata.labels,
        ports: m.spec.template.spec.containers.flatMap(
          (c: any) => c.ports ?? [],
        ),
      }),
    );
}

interface Cluster {
  namespaces: ModelNamespace[];
  pods: ModelPod[];
  policies: NetworkPolicyManifest[];
}

function modelCluster(options: {
  storeConfig?: Parameters<typeof provisioningConfigWith>[0];
  chart?: RenderOptions;
}): Cluster {
  const config = provisioningConfigWith(options.storeConfig);
  const stores = ['alpha', 'beta'].map(id =>
    renderStoreManifests(specFor(id), config).map(wire),
  );
  const chart = renderChart({
    valuesFiles: ['values-local.yaml'],
    ...options.chart,
  });
  const inNamespace = (m: Manifest) => m.metadata.namespace ?? PLATFORM_NS;

  const namespaces: ModelNamespace[] = [
    ...stores.map(s => ({
      name: s[0].metadata.name,
      labels: s[0].metadata.labels,
    })),
    { name: PLATFORM_NS },
    { name: 'ingress-nginx' },
    { name: 'kube-system' },
    { name: 'elsewhere' },
  ];
  const podsWithoutIp: Array<Omit<ModelPod, 'ip'>> = [
    ...stores.flatMap(s => podsOf(s, inNamespace)),
    ...podsOf(chart, inNamespace),
    {
      name: 'ingress-nginx-controller',
      namespace: 'ingress-nginx',
      labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      ports: [
        { name: 'http', containerPort: 80 },
        { name: 'https', containerPort: 443 },
      ],
    },
    {
      name: 'coredns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      ],
    },
    {
      name: 'some-app',
      namespace: 'elsewhere',
      labels: { app: 'some-app' },
    },
  ];
  const pods = podsWithoutIp.map((p, i) => ({
    ...p,
    ip: `${POD_CIDR_PREFIX}.${Math.floor(i / 250)}.${(i % 250) + 2}`,
  }));
  const policies = [...stores.flat(), ...chart]
    .filter(m => m.kind === 'NetworkPolicy')
    .map(m => ({
      ...m,
      metadata: { ...m.metadata, namespace: inNamespace(m) },
    })) as NetworkPolicyManifest[];
  return { namespaces, pods, policies };
}

/** Finds a modelled pod by namespace and a fragment of its workload name. */
function podFinder(cluster: Cluster) {
  return (namespace: string, name: string): ModelPod => {
    const found = cluster.pods.filter(
      p => p.namespace === namespace && p.name.includes(name),
    );
    if (found.length !== 1)
      throw new Error(
        `${found.length} pods match ${namespace}/${name}: ${cluster.pods
          .map(p => `${p.namespace}/${p.name}`)
          .join(', ')}`,
      );
    return found[0];
  };
}

const INTERNET = { ip: '93.184.216.34' };
const INTERNET_V6 = { ip: '2606:2800:21f:cb07:6820:80da:af6b:8b2c' };
const METADATA = { ip: '169.254.169.254' };
const LINK_LOCAL_V6 = { ip: 'fe80::1' };
const KUBERNETES_SERVICE = { ip: '10.96.0.1' };
const A_SERVICE_IP = { ip: '10.96.12.34' };

type Case = [
  string,
  Endpoint | string,
  Endpoint | string,
  number,
  Protocol,
  boolean,
];

describe.each([
  ['ipBlock does not match pods', false],
  ['ipBlock matches pods too', true],
])('store isolation (%s)', (_, ipBlockMatchesPods) => {
  const cluster = modelCluster({});
  const model = new NetworkPolicyModel({ ...cluster, ipBlockMatchesPods });
  const pod = podFinder(cluster);
  const named: Record<string, ModelPod> = {
    'alpha wordpress': pod('store-alpha', 'Deployment/wordpress'),
    'alpha mariadb': pod('store-alpha', 'StatefulSet/mariadb'),
    'alpha bootstrap': pod('store-alpha', 'Job/woocommerce-bootstrap'),
    'beta wordpress': pod('store-beta', 'Deployment/wordpress'),
    'beta mariadb': pod('store-beta', 'StatefulSet/mariadb'),
    'beta bootstrap': pod('store-beta', 'Job/woocommerce-bootstrap'),
    api: pod(PLATFORM_NS, '-api'),
    dashboard: pod(PLATFORM_NS, '-dashboard'),
    postgresql: pod(PLATFORM_NS, '-postgresql'),
    'helm test': pod(PLATFORM_NS, 'smoke-test'),
    'ingress controller': pod('ingress-nginx', 'controller'),
    dns: pod('kube-system', 'coredns'),
    'a pod elsewhere': pod('elsewhere', 'some-app'),
  };
  const endpoint = (e: Endpoint | string) =>
    typeof e === 'string' ? named[e] : e;
  const storePods = Object.keys(named).filter(n => /^(alpha|beta) /.test(n));

  it('models every workload of both stores and of the chart', () => {
    expect(storePods).toHaveLength(6);
    expect(cluster.policies.length).toBeGreaterThanOrEqual(2 * 7 + 3);
  });

  const cases: Case[] = [
    // inside a store
    [
      'WordPress to its MariaDB',
      'alpha wordpress',
      'alpha mariadb',
      3306,
      'TCP',
      true,
    ],
    [
      'MariaDB back to WordPress',
      'alpha mariadb',
      'alpha wordpress',
      8080,
      'TCP',
      false,
    ],
    [
      'the bootstrap Job to its MariaDB',
      'alpha bootstrap',
      'alpha mariadb',
      3306,
      'TCP',
      true,
    ],
    [
      'MariaDB back to the bootstrap Job',
      'alpha mariadb',
      'alpha bootstrap',
      8080,
      'TCP',
      false,
    ],
    [
      'WordPress to MariaDB on another port',
      'alpha wordpress',
      'alpha mariadb',
      22,
      'TCP',
      false,
    ],
    [
      'the bootstrap Job to WordPress',
      'alpha bootstrap',
      'alpha wordpress',
      8080,
      'TCP',
      false,
    ],
    // from outside the store to its database
    [
      'a pod of another namespace to MariaDB',
      'a pod elsewhere',
      'alpha mariadb',
      3306,
      'TCP',
      false,
    ],
    [
      'the ingress controller to MariaDB',
      'ingress controller',
      'alpha mariadb',
      3306,
      'TCP',
      false,
    ],
    ['the API to MariaDB', 'api', 'alpha mariadb', 3306, 'TCP', false],
    // store to store
    [
      'store A WordPress to store B WordPress',
      'alpha wordpress',
      'beta wordpress',
      8080,
      'TCP',
      false,
    ],
    [
      'store B WordPress to store A WordPress',
      'beta wordpress',
      'alpha wordpress',
      8080,
      'TCP',
      false,
    ],
    [
      'store A WordPress to store B MariaDB',
      'alpha wordpress',
      'beta mariadb',
      3306,
      'TCP',
      false,
    ],
    [
      'store B bootstrap to store A MariaDB',
      'beta bootstrap',
      'alpha mariadb',
      3306,
      'TCP',
      false,
    ],
    // the internet and what is not the internet
    [
      'WordPress to the internet',
      'alpha wordpress',
      INTERNET,
      443,
      'TCP',
      true,
    ],
    [
      'WordPress to the internet over IPv6',
      'alpha wordpress',
      INTERNET_V6,
      443,
      'TCP',
      true,
    ],
    [
      'the internet straight to WordPress',
      INTERNET,
      'alpha wordpress',
      8080,
      'TCP',
      false,
    ],
    [
      'WordPress to the cloud metadata address',
      'alpha wordpress',
      METADATA,
      80,
      'TCP',
      false,
    ],
    [
      'WordPress to IPv6 link-local',
      'alpha wordpress',
      LINK_LOCAL_V6,
      80,
      'TCP',
      false,
    ],
    [
      'WordPress to the Kubernetes API Service',
      'alpha wordpress',
      KUBERNETES_SERVICE,
      443,
      'TCP',
      false,
    ],
    [
      'WordPress to an address of the service range',
      'alpha wordpress',
      A_SERVICE_IP,
      80,
      'TCP',
      false,
    ],
    ['MariaDB to the internet', 'alpha mariadb', INTERNET, 443, 'TCP', false],
    [
      'the bootstrap Job to the internet',
      'alpha bootstrap',
      INTERNET,
      443,
      'TCP',
      false,
    ],
    [
      'the bootstrap Job to the cloud metadata address',
      'alpha bootstrap',
      METADATA,
      80,
      'TCP',
      false,
    ],
    // the platform, from a store
    ['WordPress to the API', 'alpha wordpress', 'api', 7007, 'TCP', false],
    [
      'the bootstrap Job to the API',
      'alpha bootstrap',
      'api',
      7007,
      'TCP',
      false,
    ],
    ['MariaDB to the API', 'alpha mariadb', 'api', 7007, 'TCP', false],
    [
      'WordPress to the dashboard',
      'alpha wordpress',
      'dashboard',
      8080,
      'TCP',
      false,
    ],
    [
      'WordPress to PostgreSQL',
      'alpha wordpress',
      'postgresql',
      5432,
      'TCP',
      false,
    ],
    [
      'the bootstrap Job to PostgreSQL',
      'alpha bootstrap',
      'postgresql',
      5432,
      'TCP',
      false,
    ],
    // the ingress controller
    [
      'the ingress controller to WordPress',
      'ingress controller',
      'alpha wordpress',
      8080,
      'TCP',
      true,
    ],
    [
      'the ingress controller to WordPress on another port',
      'ingress controller',
      'alpha wordpress',
      3306,
      'TCP',
      false,
    ],
    [
      'WordPress to the ingress controller',
      'alpha wordpress',
      'ingress controller',
      80,
      'TCP',
      false,
    ],
    [
      'a pod of another namespace to WordPress',
      'a pod elsewhere',
      'alpha wordpress',
      8080,
      'TCP',
      false,
    ],
    ['the API to WordPress', 'api', 'alpha wordpress', 8080, 'TCP', false],
    // the platform
    [
      'the ingress controller to the API',
      'ingress controller',
      'api',
      7007,
      'TCP',
      true,
    ],
    [
      'the ingress controller to the dashboard',
      'ingress controller',
      'dashboard',
      8080,
      'TCP',
      true,
    ],
    ['the dashboard to the API', 'dashboard', 'api', 7007, 'TCP', true],
    ['the API to the dashboard', 'api', 'dashboard', 8080, 'TCP', false],
    ['the helm test to the API', 'helm test', 'api', 7007, 'TCP', true],
    [
      'the helm test to the dashboard',
      'helm test',
      'dashboard',
      8080,
      'TCP',
      true,
    ],
    [
      'a pod of another namespace to the API',
      'a pod elsewhere',
      'api',
      7007,
      'TCP',
      false,
    ],
    [
      'a pod of another namespace to the dashboard',
      'a pod elsewhere',
      'dashboard',
      8080,
      'TCP',
      false,
    ],
    ['the internet straight to the API', INTERNET, 'api', 7007, 'TCP', false],
    [
      'the ingress controller to the API on another port',
      'ingress controller',
      'api',
      5432,
      'TCP',
      false,
    ],
    // PostgreSQL
    ['the API to PostgreSQL', 'api', 'postgresql', 5432, 'TCP', true],
    ['PostgreSQL back to the API', 'postgresql', 'api', 7007, 'TCP', false],
    [
      'the dashboard to PostgreSQL',
      'dashboard',
      'postgresql',
      5432,
      'TCP',
      false,
    ],
    [
      'the ingress controller to PostgreSQL',
      'ingress controller',
      'postgresql',
      5432,
      'TCP',
      false,
    ],
    [
      'the helm test to PostgreSQL',
      'helm test',
      'postgresql',
      5432,
      'TCP',
      false,
    ],
    [
      'a pod of another namespace to PostgreSQL',
      'a pod elsewhere',
      'postgresql',
      5432,
      'TCP',
      false,
    ],
    [
      'the internet straight to PostgreSQL',
      INTERNET,
      'postgresql',
      5432,
      'TCP',
      false,
    ],
    ['PostgreSQL to the internet', 'postgresql', INTERNET, 443, 'TCP', false],
    // what the platform itself needs
    [
      'the API to the Kubernetes API Service',
      'api',
      KUBERNETES_SERVICE,
      443,
      'TCP',
      true,
    ],
    ['the API to DNS', 'api', 'dns', 53, 'UDP', true],
    [
      'the API to the identity provider on the internet',
      'api',
      INTERNET,
      443,
      'TCP',
      true,
    ],
    ['the dashboard to the internet', 'dashboard', INTERNET, 443, 'TCP', false],
    ['the dashboard to DNS', 'dashboard', 'dns', 53, 'UDP', true],
    [
      'the dashboard to a store',
      'dashboard',
      'alpha wordpress',
      8080,
      'TCP',
      false,
    ],
    [
      'the dashboard to the API on another port',
      'dashboard',
      'api',
      5432,
      'TCP',
      false,
    ],
  ];

  it.each(cases)(
    '%s: %p -> %p:%p/%p allowed %p',
    (_n, from, to, port, protocol, expected) => {
      expect(model.mayReach(endpoint(from), endpoint(to), port, protocol)).toBe(
        expected,
      );
    },
  );

  it.each(storePods)(
    '%s may send DNS queries over UDP and TCP, and nothing else to kube-system',
    name => {
      expect(model.mayReach(named[name], named.dns, 53, 'UDP')).toBe(true);
      expect(model.mayReach(named[name], named.dns, 53, 'TCP')).toBe(true);
      expect(model.mayReach(named[name], named.dns, 9153, 'TCP')).toBe(false);
      expect(model.mayReach(named.dns, named[name], 53, 'UDP')).toBe(false);
    },
  );

  it('every store pod is isolated both ways, whatever it is', () => {
    for (const name of storePods) {
      const v = model.check({ from: named[name], to: INTERNET, port: 1 });
      expect([name, v.egress.isolated]).toEqual([name, true]);
      const w = model.check({ from: INTERNET, to: named[name], port: 1 });
      expect([name, w.ingress.isolated]).toEqual([name, true]);
    }
  });
});

describe('store isolation with other settings', () => {
  const check = (
    options: Parameters<typeof modelCluster>[0],
    ipBlockMatchesPods: boolean,
  ) => {
    const cluster = modelCluster(options);
    const model = new NetworkPolicyModel({ ...cluster, ipBlockMatchesPods });
    return { model, pod: podFinder(cluster) };
  };

  it.each([false, true])(
    'restricted egress: the storefront reaches only egress.allowedCidrs besides DNS and MariaDB (ipBlock matches pods: %p)',
    ipBlockMatchesPods => {
      const { model, pod } = check(
        {
          storeConfig: {
            egress: { restrict: true, allowedCidrs: ['203.0.113.0/24'] },
          },
        },
        ipBlockMatchesPods,
      );
      const wordpress = pod('store-alpha', 'Deployment/wordpress');
      expect(model.mayReach(wordpress, INTERNET, 443)).toBe(false);
      expect(model.mayReach(wordpress, { ip: '203.0.113.10' }, 443)).toBe(true);
      expect(
        model.mayReach(wordpress, pod('store-alpha', 'mariadb'), 3306),
      ).toBe(true);
      expect(
        model.mayReach(wordpress, pod('kube-system', 'coredns'), 53, 'UDP'),
      ).toBe(true);
    },
  );

  it.each([false, true])(
    "the cluster's own ranges instead of all private ones: other private hosts become reachable, the cluster does not (ipBlock matches pods: %p)",
    ipBlockMatchesPods => {
      const { model, pod } = check(
        {
          storeConfig: {
            egress: { clusterCidrs: ['10.244.0.0/16', '10.96.0.0/16'] },
          },
        },
        ipBlockMatchesPods,
      );
      const wordpress = pod('store-alpha', 'Deployment/wordpress');
      expect(model.mayReach(wordpress, { ip: '192.168.1.20' }, 25)).toBe(true);
      expect(model.mayReach(wordpress, KUBERNETES_SERVICE, 443)).toBe(false);
      expect(model.mayReach(wordpress, METADATA, 80)).toBe(false);
      expect(model.mayReach(wordpress, pod(PLATFORM_NS, '-api'), 7007)).toBe(
        false,
      );
      expect(
        model.mayReach(wordpress, pod('store-beta', 'mariadb'), 3306),
      ).toBe(false);
    },
  );

  it.each([false, true])(
    "stores stay out of the platform even without the chart's policies (ipBlock matches pods: %p)",
    ipBlockMatchesPods => {
      const { model, pod } = check(
        { chart: { set: { 'networkPolicy.enabled': 'false' } } },
        ipBlockMatchesPods,
      );
      for (const target of [
        [pod(PLATFORM_NS, '-api'), 7007],
        [pod(PLATFORM_NS, '-postgresql'), 5432],
      ] as const) {
        for (const source of ['Deployment/wordpress', 'mariadb', 'bootstrap'])
          expect(
            model.mayReach(pod('store-alpha', source), target[0], target[1]),
          ).toBe(false);
      }
      // and the platform is open again to everything else
      expect(
        model.mayReach(
          pod('elsewhere', 'some-app'),
          pod(PLATFORM_NS, '-postgresql'),
          5432,
        ),
      ).toBe(true);
    },
  );

  it('follows the configured ingress controller namespace on both sides', () => {
    const cluster = modelCluster({
      storeConfig: { ingressControllerNamespace: 'elsewhere' },
      chart: {
        set: { 'provisioning.ingressControllerNamespace': 'elsewhere' },
      },
    });
    const model = new NetworkPolicyModel(cluster);
    const pod = podFinder(cluster);
    const controller = pod('elsewhere', 'some-app');
    const nginx = pod('ingress-nginx', 'controller');
    for (const [target, port] of [
      [pod('store-alpha', 'Deployment/wordpress'), 8080],
      [pod(PLATFORM_NS, '-api'), 7007],
      [pod(PLATFORM_NS, '-dashboard'), 8080],
    ] as const) {
      expect(model.mayReach(controller, target, port)).toBe(true);
      expect(model.mayReach(nginx, target, port)).toBe(false);
    }
  });
});
