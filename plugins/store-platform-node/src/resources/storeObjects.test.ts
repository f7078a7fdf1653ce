import {
  KubernetesObject,
  V1Container,
  V1Deployment,
  V1Job,
  V1LimitRange,
  V1NetworkPolicy,
  V1PodSpec,
  V1ResourceQuota,
  V1Secret,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { STORE_SIZES } from '@store-platform/plugin-store-platform-common';
import { provisioningConfigWith } from '../config/provisioningConfig';
import { StoreSpec } from '../spec/storeSpec';
import {
  buildStoreObjects,
  flattenStoreObjects,
  renderStoreManifests,
} from './storeObjects';
import { StoreSecrets } from './secrets';
import { parseQuantity } from './sizes';

const spec: StoreSpec = {
  id: 'shop',
  title: 'My Shop',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
  owner: 'group:default/shop-team',
};
const config = provisioningConfigWith();

function find<T extends KubernetesObject>(
  objects: KubernetesObject[],
  kind: string,
  name: string,
): T {
  const found = objects.find(o => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as T;
}

function podSpecs(objects: KubernetesObject[]): Array<[string, V1PodSpec]> {
  return objects.flatMap(o => {
    const template = (o as V1Deployment | V1StatefulSet | V1Job).spec?.template;
    return template?.spec
      ? [
          [`${o.kind}/${o.metadata!.name}`, template.spec] as [
            string,
            V1PodSpec,
          ],
        ]
      : [];
  });
}

const allContainers = (pod: V1PodSpec): V1Container[] => [
  ...(pod.initContainers ?? []),
  ...pod.containers,
];

describe('store objects', () => {
  const objects = renderStoreManifests(spec, config);

  it('are exactly the objects of the design, with their names, in store-<id>', () => {
    const names = objects.map(o => `${o.kind}/${o.metadata?.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Namespace/store-shop',
        'Secret/mariadb-secret',
        'PersistentVolumeClaim/mariadb-data',
        'StatefulSet/mariadb',
        'Service/mariadb',
        'PersistentVolumeClaim/wordpress-data',
        'Deployment/wordpress',
        'Service/wordpress',
        'Ingress/store-ingress',
        'Job/woocommerce-bootstrap-shop',
        'ResourceQuota/store-quota',
        'LimitRange/store-limits',
      ]),
    );
    for (const o of objects.filter(x => x.kind !== 'Namespace')) {
      expect([o.kind, o.metadata?.namespace]).toEqual([o.kind, 'store-shop']);
    }
    expect(find(objects, 'Service', 'mariadb')).toMatchObject({
      spec: { clusterIP: 'None' },
    });
  });

  it('all carry the recommended labels, the store id and the Backstage Kubernetes id', () => {
    for (const o of objects) {
      expect(o.metadata?.labels).toMatchObject({
        'app.kubernetes.io/name': o.metadata?.name,
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/component': expect.any(String),
        'app.kubernetes.io/part-of': 'store-platform',
        'app.kubernetes.io/managed-by': 'store-platform',
        'store-platform.io/installation': 'local',
        'store-platform.io/store-id': 'shop',
        'backstage.io/kubernetes-id': 'shop',
      });
    }
    const ofInstall = renderStoreManifests(
      spec,
      provisioningConfigWith({ installation: 'store-platform.team-a' }),
    );
    for (const o of ofInstall) {
      expect([o.kind, o.metadata?.labels]).toEqual([
        o.kind,
        expect.objectContaining({
          'store-platform.io/installation': 'store-platform.team-a',
        }),
      ]);
    }
    for (const [, pod] of podSpecs(objects)) expect(pod).toBeDefined();
    const sts = find<V1StatefulSet>(objects, 'StatefulSet', 'mariadb');
    expect(
      sts.spec!.template.metadata!.labels!['backstage.io/kubernetes-id'],
    ).toBe('shop');
  });

  it('label the namespace for the admission policy and Pod Security restricted', () => {
    expect(objects[0].metadata!.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'store-platform',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const baseline = renderStoreManifests(
      spec,
      provisioningConfigWith({ podSecurity: 'baseline' }),
    );
    expect(
      baseline[0].metadata!.labels!['pod-security.kubernetes.io/enforce'],
    ).toBe('baseline');
  });

  it('harden every pod and container', () => {
    const pods = podSpecs(objects);
    expect(pods.map(([name]) => name).sort()).toEqual([
      'Deployment/wordpress',
      'Job/woocommerce-bootstrap-shop',
      'StatefulSet/mariadb',
    ]);
    for (const [, pod] of pods) {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext!.runAsUser).toBeGreaterThan(0);
      expect(pod.hostNetwork ?? false).toBe(false);
      for (const c of allContainers(pod)) {
        expect([c.name, c.securityContext]).toEqual([
          c.name,
          expect.objectContaining({
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          }),
        ]);
        expect(c.resources?.requests).toEqual({
          cpu: expect.any(String),
          memory: expect.any(String),
        });
        expect(c.resources?.limits).toEqual({
          cpu: expect.any(String),
          memory: expect.any(String),
        });
        for (const p of c.ports ?? [])
          expect(p.containerPort).toBeGreaterThanOrEqual(1024);
      }
    }
  });

  it('probe MariaDB and WordPress for readiness and liveness', () => {
    const db = find<V1StatefulSet>(objects, 'StatefulSet', 'mariadb').spec!
      .template.spec!.containers[0];
    const wp = find<V1Deployment>(objects, 'Deployment', 'wordpress').spec!
      .template.spec!.containers[0];
    for (const c of [db, wp]) {
      expect(c.readinessProbe).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
    }
    expect(wp.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
  });

  it.each(STORE_SIZES)(
    'fit the %s quota with every pod running, and within the LimitRange',
    size => {
      const sized = buildStoreObjects(
        { spec: { ...spec, size }, config },
        StoreSecrets.placeholder(),
      );
      const all = flattenStoreObjects(sized);
      const hard = find<V1ResourceQuota>(all, 'ResourceQuota', 'store-quota')
        .spec!.hard!;
      const limitRange = find<V1LimitRange>(all, 'LimitRange', 'store-limits')
        .spec!.limits;
      const containerMax = limitRange.find(l => l.type === 'Container')!.max!;
      // Effective pod request: max(init containers, sum of containers), as quota counts it.
      const podTotal = (
        pod: V1PodSpec,
        kind: 'requests' | 'limits',
        dim: 'cpu' | 'memory',
      ) =>
        Math.max(
          ...(pod.initContainers ?? []).map(c =>
            parseQuantity(c.resources![kind]![dim]),
          ),
          pod.containers.reduce(
            (sum, c) => sum + parseQuantity(c.resources![kind]![dim]),
            0,
          ),
        );
      for (const kind of ['requests', 'limits'] as const) {
        for (const dim of ['cpu', 'memory'] as const) {
          const pods = podSpecs(all);
          const wordpress = pods.find(([n]) => n.startsWith('Deployment'))![1];
          // every pod, plus a second WordPress pod during a rollout
          const total =
            pods.reduce((sum, [, pod]) => sum + podTotal(pod, kind, dim), 0) +
            podTotal(wordpress, kind, dim);
          expect([
            size,
            kind,
            dim,
            total <= parseQuantity(hard[`${kind}.${dim}`]),
          ]).toEqual([size, kind, dim, true]);
          for (const [, pod] of pods) {
            for (const c of allContainers(pod)) {
              expect(
                parseQuantity(c.resources!.limits![dim]),
              ).toBeLessThanOrEqual(parseQuantity(containerMax[dim]));
              expect(
                parseQuantity(c.resources!.requests![dim]),
              ).toBeLessThanOrEqual(parseQuantity(c.resources!.limits![dim]));
            }
          }
        }
      }
      const storage = sized.database[0] as any;
      const wpStorage = sized.storefront[0] as any;
      expect(
        parseQuantity(storage.spec.resources.requests.storage) +
          parseQuantity(wpStorage.spec.resources.requests.storage),
      ).toBeLessThanOrEqual(parseQuantity(hard['requests.storage']));
    },
  );

  it('grow with the size preset', () => {
    const cpu = (size: 'small' | 'medium' | 'large') =>
      parseQuantity(
        find<V1ResourceQuota>(
          renderStoreManifests({ ...spec, size }, config),
          'ResourceQuota',
          'store-quota',
        ).spec!.hard!['limits.cpu'],
      );
    expect(cpu('small')).toBeLessThan(cpu('medium'));
    expect(cpu('medium')).toBeLessThan(cpu('large'));
  });

  it('use the design images by default, and configured images when given', () => {
    const images = (objs: KubernetesObject[]) =>
      podSpecs(objs)
        .flatMap(([, pod]) => allContainers(pod).map(c => c.image))
        .sort();
    expect(images(objects)).toEqual(
      [
        'busybox:1.36',
        'mariadb:10.11',
        'store-platform-wordpress-woocommerce:latest',
        'wordpress:cli',
      ].sort(),
    );
    const mirrored = renderStoreManifests(
      spec,
      provisioningConfigWith({
        images: {
          mariadb: 'mirror/mariadb:10.11',
          busybox: 'mirror/busybox:1.36',
          wpCli: 'mirror/wp:cli',
          wordpress: 'mirror/wp-woo:1',
        },
      }),
    );
    expect(images(mirrored)).toEqual([
      'mirror/busybox:1.36',
      'mirror/mariadb:10.11',
      'mirror/wp-woo:1',
      'mirror/wp:cli',
    ]);
  });

  it('route <id>.localhost by default, and the configured domain and class', () => {
    expect(find<any>(objects, 'Ingress', 'store-ingress').spec).toEqual({
      rules: [
        {
          host: 'shop.localhost',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: 'wordpress', port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    });
    const custom = renderStoreManifests(
      spec,
      provisioningConfigWith({
        domain: 'stores.example.com',
        ingressClassName: 'nginx',
      }),
    );
    const ingress = find<any>(custom, 'Ingress', 'store-ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules[0].host).toBe('shop.stores.example.com');
  });

  it('never put a secret value in the rendered manifests', () => {
    const secret = find<V1Secret>(objects, 'Secret', 'mariadb-secret');
    expect(Object.values(secret.stringData!)).toEqual([
      '<generated>',
      '<generated>',
      '<generated>',
    ]);
    const real = StoreSecrets.generate();
    const built = buildStoreObjects({ spec, config }, real);
    const text = JSON.stringify({ ...built, secret: undefined });
    for (const value of Object.values(real.reveal()))
      expect(text).not.toContain(value);
    // passwords reach the pods only through secretKeyRef
    const job = built.bootstrapJob.spec!.template.spec!.containers[0];
    expect(job.env!.find(e => e.name === 'WORDPRESS_ADMIN_PASSWORD')).toEqual({
      name: 'WORDPRESS_ADMIN_PASSWORD',
      valueFrom: {
        secretKeyRef: {
          name: 'mariadb-secret',
          key: 'wordpress-admin-password',
        },
      },
    });
  });

  it('pass the title and admin email to the bootstrap script only as environment variables', () => {
    const hostile = { ...spec, title: '$(touch /tmp/pwned) `id`; "x"' };
    const job = find<V1Job>(
      renderStoreManifests(hostile, config),
      'Job',
      'woocommerce-bootstrap-shop',
    );
    const c = job.spec!.template.spec!.containers[0];
    expect(c.command!.slice(0, 2)).toEqual(['bash', '-c']);
    expect(c.command!.join(' ')).not.toContain('touch /tmp/pwned');
    expect(c.command!.join(' ')).not.toContain('owner@example.com');
    expect(c.env).toEqual(
      expect.arrayContaining([
        { name: 'STORE_TITLE', value: hostile.title },
        { name: 'ADMIN_EMAIL', value: 'owner@example.com' },
        { name: 'STORE_URL', value: 'http://shop.localhost' },
      ]),
    );
  });

  describe('network policies', () => {
    const policies = objects.filter(
      o => o.kind === 'NetworkPolicy',
    ) as V1NetworkPolicy[];
    const byName = (name: string) =>
      policies.find(p => p.metadata!.name === name)!;

    const policyOf = (objs: KubernetesObject[], name: string) =>
      find<V1NetworkPolicy>(objs, 'NetworkPolicy', name).spec!;

    it('isolate every pod of the namespace both ways, and let every pod send DNS queries', () => {
      expect(byName('default-deny-ingress').spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [],
      });
      expect(byName('default-deny-egress').spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [],
      });
      expect(byName('dns-egress').spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      });
    });

    it('let in to WordPress only the ingress controller namespace (configurable)', () => {
      const p = byName('wordpress-from-ingress-controller').spec!;
      expect(p.podSelector!.matchLabels).toMatchObject({
        'app.kubernetes.io/component': 'storefront',
      });
      expect(p.ingress).toEqual([
        {
          _from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ]);
      const other = renderStoreManifests(
        spec,
        provisioningConfigWith({ ingressControllerNamespace: 'traefik' }),
      );
      expect(JSON.stringify(other)).toContain(
        '"kubernetes.io/metadata.name":"traefik"',
      );
    });

    it('join MariaDB and its clients (WordPress, the bootstrap, backup and restore Jobs) on 3306, both ways', () => {
      const clients = {
        matchLabels: { 'app.kubernetes.io/instance': 'shop' },
        matchExpressions: [
          {
            key: 'app.kubernetes.io/component',
            operator: 'In',
            values: ['storefront', 'bootstrap', 'backup'],
          },
        ],
      };
      const database = {
        matchLabels: {
          'app.kubernetes.io/instance': 'shop',
          'app.kubernetes.io/component': 'database',
        },
      };
      expect(byName('mariadb-from-store').spec).toEqual({
        podSelector: database,
        policyTypes: ['Ingress'],
        ingress: [
          {
            _from: [{ podSelector: clients }],
            ports: [{ protocol: 'TCP', port: 3306 }],
          },
        ],
      });
      expect(byName('store-to-mariadb').spec).toEqual({
        podSelector: clients,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ podSelector: database }],
            ports: [{ protocol: 'TCP', port: 3306 }],
          },
        ],
      });
    });

    it('let the storefront out to the internet except the cluster ranges and link-local, by default', () => {
      const p = byName('wordpress-egress').spec!;
      expect(p.podSelector).toEqual({
        matchLabels: {
          'app.kubernetes.io/instance': 'shop',
          'app.kubernetes.io/component': 'storefront',
        },
      });
      expect(p.policyTypes).toEqual(['Egress']);
      expect(p.egress).toEqual([
        {
          to: [
            {
              ipBlock: {
                cidr: '0.0.0.0/0',
                except: [
                  '10.0.0.0/8',
                  '172.16.0.0/12',
                  '192.168.0.0/16',
                  '100.64.0.0/10',
                  '169.254.0.0/16',
                ],
              },
            },
            { ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10'] } },
          ],
        },
      ]);
      // only the storefront: no other pod gets an internet rule
      const withInternet = policies.filter(q =>
        JSON.stringify(q.spec).includes('0.0.0.0/0'),
      );
      expect(withInternet.map(q => q.metadata!.name)).toEqual([
        'wordpress-egress',
      ]);
    });

    it('take the excluded and allowed ranges from the config', () => {
      const custom = renderStoreManifests(
        spec,
        provisioningConfigWith({
          egress: {
            clusterCidrs: ['10.244.0.0/16', '10.96.0.0/16', 'fd00:10::/56'],
            deniedCidrs: ['169.254.169.254/32'],
            allowedCidrs: ['10.96.5.5/32'],
          },
        }),
      );
      expect(policyOf(custom, 'wordpress-egress').egress).toEqual([
        {
          to: [
            {
              ipBlock: {
                cidr: '0.0.0.0/0',
                except: ['10.244.0.0/16', '10.96.0.0/16', '169.254.169.254/32'],
              },
            },
            { ipBlock: { cidr: '::/0', except: ['fd00:10::/56'] } },
            { ipBlock: { cidr: '10.96.5.5/32' } },
          ],
        },
      ]);
    });

    it('let the storefront reach only egress.allowedCidrs besides DNS and MariaDB when restricted', () => {
      const restricted = renderStoreManifests(
        spec,
        provisioningConfigWith({
          egress: { restrict: true, allowedCidrs: ['203.0.113.0/24'] },
        }),
      );
      expect(policyOf(restricted, 'wordpress-egress').egress).toEqual([
        { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] },
      ]);
      const closed = renderStoreManifests(
        spec,
        provisioningConfigWith({ egress: { restrict: true } }),
      );
      expect(
        closed.some(
          o =>
            o.kind === 'NetworkPolicy' &&
            o.metadata!.name === 'wordpress-egress',
        ),
      ).toBe(false);
    });
  });
});

describe('StoreSecrets', () => {
  it('are random, long, and never printed', () => {
    const a = StoreSecrets.generate();
    const b = StoreSecrets.generate();
    expect(a.reveal().password).not.toEqual(b.reveal().password);
    expect(a.reveal().password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(Object.values(a.reveal())).size).toBe(3);
    const shown = [
      String(a),
      JSON.stringify({ a }),
      require('node:util').inspect(a),
      `${a}`,
    ].join(' ');
    for (const value of Object.values(a.reveal()))
      expect(shown).not.toContain(value);
  });
});
