import {
  V1PersistentVolumeClaim,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { BuildContext, namespaceOf, presetOf } from './context';
import { secretEnv } from './credentials';
import { componentSelector, labelsOf } from './labels';
import { DATABASE, OBJECT_NAMES, SECRET_KEYS } from './names';
import { hardenedContainer, hardenedPod, IMAGE_UIDS } from './security';
import { resources } from './sizes';

/**
 * PVC `mariadb-data`: the database files.
 *
 * @public
 */
export function buildMariadbData(ctx: BuildContext): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: OBJECT_NAMES.mariadbData,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'database', OBJECT_NAMES.mariadbData),
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(ctx.config.storageClassName
        ? { storageClassName: ctx.config.storageClassName }
        : {}),
      resources: { requests: { storage: presetOf(ctx).storage.database } },
    },
  };
}

/**
 * Headless Service `mariadb`: the StatefulSet's stable DNS name.
 *
 * @public
 */
export function buildMariadbService(ctx: BuildContext): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: OBJECT_NAMES.mariadb,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'database', OBJECT_NAMES.mariadb),
    },
    spec: {
      clusterIP: 'None',
      selector: componentSelector(ctx.spec.id, 'database'),
      ports: [{ name: 'mysql', port: DATABASE.port, targetPort: 'mysql' }],
    },
  };
}

/**
 * StatefulSet `mariadb`, one replica on PVC `mariadb-data`. Runs as the
 * image's mysql user with a read-only root filesystem (the socket and temp
 * files go to emptyDirs).
 *
 * @public
 */
export function buildMariadbStatefulSet(ctx: BuildContext): V1StatefulSet {
  const labels = labelsOf(ctx, 'database', OBJECT_NAMES.mariadb);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: OBJECT_NAMES.mariadb,
      namespace: namespaceOf(ctx),
      labels,
    },
    spec: {
      serviceName: OBJECT_NAMES.mariadb,
      replicas: 1,
      selector: { matchLabels: componentSelector(ctx.spec.id, 'database') },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: hardenedPod(IMAGE_UIDS.mariadb),
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: 'mariadb',
              image: ctx.config.images.mariadb,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'mysql', containerPort: DATABASE.port }],
              env: [
                secretEnv('MARIADB_ROOT_PASSWORD', SECRET_KEYS.rootPassword),
                { name: 'MARIADB_DATABASE', value: DATABASE.name },
                { name: 'MARIADB_USER', value: DATABASE.user },
                secretEnv('MARIADB_PASSWORD', SECRET_KEYS.password),
                // Creates the healthcheck user that the probes below use.
                { name: 'MARIADB_MYSQL_LOCALHOST_USER', value: '1' },
              ],
              resources: resources(presetOf(ctx).database),
              securityContext: hardenedContainer(),
              readinessProbe: {
                exec: {
                  command: [
                    'healthcheck.sh',
                    '--connect',
                    '--innodb_initialized',
                  ],
                },
                initialDelaySeconds: 5,
                periodSeconds: 5,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              livenessProbe: {
                exec: { command: ['healthcheck.sh', '--connect'] },
                initialDelaySeconds: 60,
                periodSeconds: 15,
                timeoutSeconds: 5,
                failureThreshold: 4,
              },
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/mysql' },
                { name: 'run', mountPath: '/run/mysqld' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            {
              name: 'data',
              persistentVolumeClaim: { claimName: OBJECT_NAMES.mariadbData },
            },
            { name: 'run', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}
