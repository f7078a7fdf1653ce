import { V1Job } from '@kubernetes/client-node';
import { BuildContext, namespaceOf, presetOf } from './context';
import { secretEnv } from './credentials';
import { componentSelector, labelsOf } from './labels';
import {
  bootstrapJobName,
  DATABASE,
  OBJECT_NAMES,
  SECRET_KEYS,
  WORDPRESS_ADMIN_USER,
} from './names';
import { bootstrapScript } from './bootstrapScript';
import { storeUrl } from './ingress';
import { hardenedContainer, hardenedPod, IMAGE_UIDS } from './security';
import { resources } from './sizes';
import { wordpressDatabaseEnv } from './storefront';

/** Waits, bounded, for the database port; static text, values come from env. */
const WAIT_FOR_DATABASE = [
  'i=0',
  'until nc -z -w 2 "$DB_HOST" "$DB_PORT"; do',
  '  i=$((i+1))',
  '  if [ "$i" -ge 150 ]; then echo "database $DB_HOST:$DB_PORT not reachable"; exit 1; fi',
  '  sleep 2',
  'done',
].join('\n');

/**
 * Job `woocommerce-bootstrap-<id>`: runs the bootstrap script with wp-cli
 * against the WordPress volume. The title and admin email reach the script
 * only as environment variables. It runs next to the WordPress pod because
 * their volume is ReadWriteOnce.
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
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: hardenedPod(IMAGE_UIDS.wwwData),
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: {
                    matchLabels: componentSelector(ctx.spec.id, 'storefront'),
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              ],
            },
          },
          initContainers: [
            {
              name: 'wait-for-database',
              image: ctx.config.images.busybox,
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', WAIT_FOR_DATABASE],
              env: [
                { name: 'DB_HOST', value: OBJECT_NAMES.mariadb },
                { name: 'DB_PORT', value: String(DATABASE.port) },
              ],
              resources: resources(preset.waitForDatabase),
              securityContext: hardenedContainer(),
            },
          ],
          containers: [
            {
              name: 'bootstrap',
              image: ctx.config.images.wpCli,
              imagePullPolicy: 'IfNotPresent',
              command: [
                'bash',
                '-c',
                bootstrapScript(),
                'woocommerce-bootstrap',
              ],
              env: [
                ...wordpressDatabaseEnv(),
                { name: 'WP_PATH', value: '/var/www/html' },
                { name: 'HOME', value: '/tmp' },
                { name: 'STORE_URL', value: storeUrl(ctx) },
                { name: 'STORE_TITLE', value: ctx.spec.title },
                { name: 'ADMIN_USER', value: WORDPRESS_ADMIN_USER },
                { name: 'ADMIN_EMAIL', value: ctx.spec.adminEmail },
                secretEnv(
                  'WORDPRESS_ADMIN_PASSWORD',
                  SECRET_KEYS.adminPassword,
                ),
              ],
              resources: resources(preset.bootstrap),
              securityContext: hardenedContainer(),
              volumeMounts: [
                { name: 'html', mountPath: '/var/www/html' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            {
              name: 'html',
              persistentVolumeClaim: { claimName: OBJECT_NAMES.wordpressData },
            },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}
