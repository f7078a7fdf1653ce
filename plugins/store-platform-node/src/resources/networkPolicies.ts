import {
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
} from '@kubernetes/client-node';
import { parseCidr } from '../config/cidr';
import { StoreEgressConfig } from '../config/provisioningConfig';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { BuildContext } from './context';
import { componentSelector, COMPONENT_LABEL, storeLabels } from './labels';
import { DATABASE, storeNamespace } from './names';

/**
 * The names of a store's NetworkPolicies.
 *
 * @public
 */
export const NETWORK_POLICY_NAMES = {
  defaultDenyIngress: 'default-deny-ingress',
  defaultDenyEgress: 'default-deny-egress',
  dns: 'dns-egress',
  storefront: 'wordpress-from-ingress-controller',
  database: 'mariadb-from-store',
  toDatabase: 'store-to-mariadb',
  storefrontEgress: 'wordpress-egress',
} as const;

/** The store whose policies are built: its id and the install's config. */
interface PolicyTarget {
  /** The store's id. */
  storeId: string;
  /** `storePlatform.provisioning`, defaults filled in. */
  config: ProvisioningConfig;
}

/**
 * The pods that use the database: WordPress, the bootstrap Job (and the other
 * wp-cli Jobs), and the backup and restore Jobs.
 */
function databaseClients(ctx: PolicyTarget) {
  return {
    matchLabels: { 'app.kubernetes.io/instance': ctx.storeId },
    matchExpressions: [
      {
        key: COMPONENT_LABEL,
        operator: 'In',
        values: ['storefront', 'bootstrap', 'backup'],
      },
    ],
  };
}

const DATABASE_PORTS: V1NetworkPolicyPort[] = [
  { protocol: 'TCP', port: DATABASE.port },
];

function policy(
  ctx: PolicyTarget,
  name: string,
  spec: V1NetworkPolicy['spec'],
): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: storeNamespace(ctx.storeId),
      labels: storeLabels(ctx.storeId, 'policy', name, ctx.config.installation),
    },
    spec,
  };
}

function dnsRule(ctx: PolicyTarget): V1NetworkPolicyEgressRule {
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
 * - WordPress, the bootstrap Job and the backup and restore Jobs may reach
 *   MariaDB on 3306, and MariaDB accepts only them;
 * - WordPress may reach the internet (payment providers, updates) except the
 *   cluster's ranges and link-local addresses, plus `egress.allowedCidrs`;
 *   with `egress.restrict`, only `egress.allowedCidrs`.
 * The bootstrap Job needs nothing else: WooCommerce is bundled in the image.
 *
 * @public
 */
export function buildNetworkPolicies(ctx: BuildContext): V1NetworkPolicy[] {
  return buildNetworkPoliciesOf({ storeId: ctx.spec.id, config: ctx.config });
}

/** `buildNetworkPolicies` for an existing store, known by id (day-two operations). */
export function buildNetworkPoliciesOf(ctx: PolicyTarget): V1NetworkPolicy[] {
  const id = ctx.storeId;
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
