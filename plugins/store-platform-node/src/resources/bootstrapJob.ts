import { V1Job } from '@kubernetes/client-node';
import { BuildContext, namespaceOf, presetOf } from './context';
import { secretEnv } from './credentials';
import { labelsOf } from './labels';
import { bootstrapJobName, SECRET_KEYS, WORDPRESS_ADMIN_USER } from './names';
import { bootstrapScript } from './bootstrapScript';
import { storeUrl } from './ingress';
import { buildWpCliPodSpec } from './wpCliPod';

/**
 * Job `woocommerce-bootstrap-<id>`: runs the bootstrap script with wp-cli
 * against the WordPress volume. The title and admin email reach the script
 * only as environment variables. It runs next to the WordPress pod because
 * their volume is ReadWriteOnce.
 *
 * @public
 */
export function buildBootstrapJob(ctx: BuildContext): V1Job {
  const name = bootstrapJobName(ctx.spec.id);
  const labels = labelsOf(ctx, 'bootstrap', name);
  const preset = presetOf(ctx);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: namespaceOf(ctx), labels },
    spec: {
      backoffLimit: ctx.config.bootstrapBackoffLimit ?? 2,
      activeDeadlineSeconds: Math.ceil(ctx.config.timeouts.bootstrapMs / 1000),
      template: {
        metadata: {
          labels: { ...labels, ...ctx.config.extraBootstrapPodLabels },
        },
        spec: buildWpCliPodSpec({
          storeId: ctx.spec.id,
          preset,
          config: ctx.config,
          name: 'bootstrap',
          script: bootstrapScript(),
          scriptName: 'woocommerce-bootstrap',
          env: [
            { name: 'STORE_URL', value: storeUrl(ctx) },
            { name: 'STORE_TITLE', value: ctx.spec.title },
            { name: 'ADMIN_USER', value: WORDPRESS_ADMIN_USER },
            { name: 'ADMIN_EMAIL', value: ctx.spec.adminEmail },
            secretEnv('WORDPRESS_ADMIN_PASSWORD', SECRET_KEYS.adminPassword),
          ],
        }),
      },
    },
  };
}
