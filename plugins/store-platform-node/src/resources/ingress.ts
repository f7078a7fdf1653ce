import { V1Ingress } from '@kubernetes/client-node';
import { BuildContext, namespaceOf } from './context';
import { labelsOf } from './labels';
import { OBJECT_NAMES, storeHost } from './names';

/**
 * Ingress `store-ingress`: `<id>.<domain>` `/` to Service `wordpress`.
 *
 * @public
 */
export function buildStoreIngress(ctx: BuildContext): V1Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: OBJECT_NAMES.ingress,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'ingress', OBJECT_NAMES.ingress),
    },
    spec: {
      ...(ctx.config.ingressClassName
        ? { ingressClassName: ctx.config.ingressClassName }
        : {}),
      rules: [
        {
          host: storeHost(ctx.spec.id, ctx.config.domain),
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: {
                    name: OBJECT_NAMES.wordpress,
                    port: { name: 'http' },
                  },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

/**
 * The URL users open.
 *
 * @public
 */
export function storeUrl(ctx: BuildContext): string {
  return `${ctx.config.scheme}://${storeHost(ctx.spec.id, ctx.config.domain)}`;
}
