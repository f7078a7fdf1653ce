import {
  V1Deployment,
  V1PersistentVolumeClaim,
  V1Service,
} from '@kubernetes/client-node';
import { BuildContext, namespaceOf, presetOf } from './context';
import { secretEnv } from './credentials';
import { componentSelector, labelsOf } from './labels';
import { DATABASE, OBJECT_NAMES, SECRET_KEYS } from './names';
import { hardenedContainer, hardenedPod, IMAGE_UIDS } from './security';
import { resources } from './sizes';

/**
 * PVC `wordpress-data`: `/var/www/html`, shared with the bootstrap Job.
 *
 * @public
 */
export function buildWordpressData(ctx: BuildContext): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: OBJECT_NAMES.wordpressData,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'storefront', OBJECT_NAMES.wordpressData),
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(ctx.config.storageClassName
        ? { storageClassName: ctx.config.storageClassName }
        : {}),
      resources: { requests: { storage: presetOf(ctx).storage.storefront } },
    },
  };
}

/** The database settings WordPress's wp-config.php reads from the environment. */
export function wordpressDatabaseEnv() {
  return [
    {
      name: 'WORDPRESS_DB_HOST',
      value: `${OBJECT_NAMES.mariadb}:${DATABASE.port}`,
    },
    { name: 'WORDPRESS_DB_NAME', value: DATABASE.name },
    { name: 'WORDPRESS_DB_USER', value: DATABASE.user },
    secretEnv('WORDPRESS_DB_PASSWORD', SECRET_KEYS.password),
  ];
}

/**
 * Deployment `wordpress`. It does not wait for MariaDB (the bootstrap Job
 * does). Recreate, because its volume is ReadWriteOnce. The image listens on
 * an unprivileged port so it runs as www-data under Pod Security `restricted`.
 *
 * @public
 */
export function buildWordpressDeployment(ctx: BuildContext): V1Deployment {
  const labels = labelsOf(ctx, 'storefront', OBJECT_NAMES.wordpress);
  const port = ctx.config.wordpressPort;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: OBJECT_NAMES.wordpress,
      namespace: namespaceOf(ctx),
      labels,
    },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: componentSelector(ctx.spec.id, 'storefront') },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: hardenedPod(IMAGE_UIDS.wwwData),
          containers: [
            {
              name: 'wordpress',
              image: ctx.config.images.wordpress,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: port }],
              env: wordpressDatabaseEnv(),
              resources: resources(presetOf(ctx).storefront),
              // Apache writes its pid, lock and runtime files under the root filesystem.
              securityContext: hardenedContainer({
                readOnlyRootFilesystem: false,
              }),
              readinessProbe: {
                httpGet: { path: '/wp-login.php', port: 'http' },
                initialDelaySeconds: 5,
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              livenessProbe: {
                tcpSocket: { port: 'http' },
                initialDelaySeconds: 30,
                periodSeconds: 15,
                timeoutSeconds: 5,
                failureThreshold: 4,
              },
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

/**
 * Service `wordpress`: what the Ingress routes to, on port 80.
 *
 * @public
 */
export function buildWordpressService(ctx: BuildContext): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: OBJECT_NAMES.wordpress,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'storefront', OBJECT_NAMES.wordpress),
    },
    spec: {
      type: 'ClusterIP',
      selector: componentSelector(ctx.spec.id, 'storefront'),
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
}
