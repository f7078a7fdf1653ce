import {
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
} from '@kubernetes/client-node';
import { BuildContext, namespaceOf } from './context';
import { componentSelector, COMPONENT_LABEL, labelsOf } from './labels';
import { DATABASE } from './names';

export const NETWORK_POLICY_NAMES = {
  defaultDeny: 'default-deny-ingress',
  storefront: 'wordpress-from-ingress-controller',
  database: 'mariadb-from-store',
  storefrontEgress: 'wordpress-egress',
} as const;

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

function dnsPeer(ctx: BuildContext): {
  to: V1NetworkPolicyPeer[];
  ports: V1NetworkPolicyPort[];
} {
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
 * The store's traffic rules:
 * - nothing comes in unless allowed below;
 * - WordPress accepts traffic only from the ingress controller's namespace;
 * - MariaDB accepts traffic only from WordPress and the bootstrap Job, and
 *   reaches nothing but DNS;
 * - the storefront's outbound traffic (payment providers) is open unless
 *   `egress.restrict` is set, then only DNS, MariaDB and `egress.allowedCidrs`.
 */
export function buildNetworkPolicies(ctx: BuildContext): V1NetworkPolicy[] {
  const id = ctx.spec.id;
  const policies = [
    policy(ctx, NETWORK_POLICY_NAMES.defaultDeny, {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [],
    }),
    policy(ctx, NETWORK_POLICY_NAMES.storefront, {
      podSelector: { matchLabels: componentSelector(id, 'storefront') },
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
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          _from: [
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/instance': id },
                matchExpressions: [
                  {
                    key: COMPONENT_LABEL,
                    operator: 'In',
                    values: ['storefront', 'bootstrap'],
                  },
                ],
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: DATABASE.port }],
        },
      ],
      egress: [dnsPeer(ctx)],
    }),
  ];
  if (ctx.config.egress.restrict) {
    policies.push(
      policy(ctx, NETWORK_POLICY_NAMES.storefrontEgress, {
        podSelector: { matchLabels: componentSelector(id, 'storefront') },
        policyTypes: ['Egress'],
        egress: [
          dnsPeer(ctx),
          {
            to: [
              {
                podSelector: { matchLabels: componentSelector(id, 'database') },
              },
            ],
            ports: [{ protocol: 'TCP', port: DATABASE.port }],
          },
          ...(ctx.config.egress.allowedCidrs.length
            ? [
                {
                  to: ctx.config.egress.allowedCidrs.map(cidr => ({
                    ipBlock: { cidr },
                  })),
                },
              ]
            : []),
        ],
      }),
    );
  }
  return policies;
}
