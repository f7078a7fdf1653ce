import {
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
} from '@kubernetes/client-node';
import { parseCidr } from '../config/cidr';
import { StoreEgressConfig } from '../config/provisioningConfig';
import { BuildContext, namespaceOf } from './context';
import { componentSelector, COMPONENT_LABEL, labelsOf } from './labels';
import { DATABASE } from './names';

export const NETWORK_POLICY_NAMES = {
  defaultDenyIngress: 'default-deny-ingress',
  defaultDenyEgress: 'default-deny-egress',
  dns: 'dns-egress',
  storefront: 'wordpress-from-ingress-controller',
  database: 'mariadb-from-store',
  toDatabase: 'store-to-mariadb',
  storefrontEgress: 'wordpress-egress',
} as const;

/** The pods that use the database: WordPress and the bootstrap Job. */
function databaseClients(ctx: BuildContext) {
  return {
    matchLabels: { 'app.kubernetes.io/instance': ctx.spec.id },
    matchExpressions: [
      {
        key: COMPONENT_LABEL,
        operator: 'In',
        values: ['storefront', 'bootstrap'],
      },
    ],
  };
}

const DATABASE_PORTS: V1NetworkPolicyPort[] = [
  { protocol: 'TCP', port: DATABASE.port },
];

function policy(
  ctx: BuildContext,
  name: string,
  spec: V1NetworkPolicy['spec'],
): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'policy', name),
    },
    spec,
  };
}

function dnsRule(ctx: BuildContext): V1NetworkPolicyEgressRule {
  return {
    to: [
      {
        namespaceSelector: {
          matchLabels: {
            'kubernetes.io/metadata.name': ctx.config.dnsNamespace,
          },
        },
      },
    ],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
}

/**
 * The internet: every IPv4 and IPv6 address except the cluster's ranges and
 * the denied ones (link-local, where the cloud metadata service answers).
 * Excluding the cluster's ranges matters where the network plugin applies
 * `ipBlock` to pod and service addresses too; elsewhere pods never match it.
 */
function internetPeers(egress: StoreEgressConfig): V1NetworkPolicyPeer[] {
  const excluded = [...egress.clusterCidrs, ...egress.deniedCidrs];
  return ([4, 6] as const).map(family => {
    const except = excluded.filter(c => parseCidr(c)?.family === family);
    return {
      ipBlock: {
        cidr: family === 4 ? '0.0.0.0/0' : '::/0',
        ...(except.length ? { except } : {}),
      },
    };
  });
}

function storefrontEgressRules(
  egress: StoreEgressConfig,
): V1NetworkPolicyEgressRule[] {
  const peers = [
    ...(egress.restrict ? [] : internetPeers(egress)),
    ...egress.allowedCidrs.map(cidr => ({ ipBlock: { cidr } })),
  ];
  return peers.length ? [{ to: peers }] : [];
}

/**
 * The store's traffic rules. Every pod of the namespace is isolated both
 * ways; then:
 * - every pod may send DNS queries to the cluster DNS (`dnsNamespace`);
 * - WordPress accepts traffic only from the ingress controller's namespace,
 *   on its port;
 * - WordPress and the bootstrap Job may reach MariaDB on 3306, and MariaDB
 *   accepts only them;
 * - WordPress may reach the internet (payment providers, updates) except the
 *   cluster's ranges and link-local addresses, plus `egress.allowedCidrs`;
 *   with `egress.restrict`, only `egress.allowedCidrs`.
 * The bootstrap Job needs nothing else: WooCommerce is bundled in the image.
 */
export function buildNetworkPolicies(ctx: BuildContext): V1NetworkPolicy[] {
  const id = ctx.spec.id;
  const storefront = { matchLabels: componentSelector(id, 'storefront') };
  const policies = [
    policy(ctx, NETWORK_POLICY_NAMES.defaultDenyIngress, {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [],
    }),
    policy(ctx, NETWORK_POLICY_NAMES.defaultDenyEgress, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [],
    }),
    policy(ctx, NETWORK_POLICY_NAMES.dns, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [dnsRule(ctx)],
    }),
    policy(ctx, NETWORK_POLICY_NAMES.storefront, {
      podSelector: storefront,
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            {
              namespaceSelector: {
                matchLabels: {
                  'kubernetes.io/metadata.name':
                    ctx.config.ingressControllerNamespace,
                },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: ctx.config.wordpressPort }],
        },
      ],
    }),
    policy(ctx, NETWORK_POLICY_NAMES.database, {
      podSelector: { matchLabels: componentSelector(id, 'database') },
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [{ podSelector: databaseClients(ctx) }],
          ports: DATABASE_PORTS,
        },
      ],
    }),
    policy(ctx, NETWORK_POLICY_NAMES.toDatabase, {
      podSelector: databaseClients(ctx),
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            { podSelector: { matchLabels: componentSelector(id, 'database') } },
          ],
          ports: DATABASE_PORTS,
        },
      ],
    }),
  ];
  const storefrontEgress = storefrontEgressRules(ctx.config.egress);
  if (storefrontEgress.length) {
    policies.push(
      policy(ctx, NETWORK_POLICY_NAMES.storefrontEgress, {
        podSelector: storefront,
        policyTypes: ['Egress'],
        egress: storefrontEgress,
      }),
    );
  }
  return policies;
}
