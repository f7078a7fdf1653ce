import {
  V1Affinity,
  V1Container,
  V1EnvVar,
  V1PodSpec,
} from '@kubernetes/client-node';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { componentSelector } from './labels';
import { DATABASE, OBJECT_NAMES } from './names';
import { hardenedContainer, hardenedPod, IMAGE_UIDS } from './security';
import { SizePreset, resources } from './sizes';
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
 * Places a pod next to the store's WordPress pod: the WordPress volume is
 * ReadWriteOnce, so whoever else mounts it must share the node.
 */
export function besideStorefront(storeId: string): V1Affinity {
  return {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: {
            matchLabels: componentSelector(storeId, 'storefront'),
          },
          topologyKey: 'kubernetes.io/hostname',
        },
      ],
    },
  };
}

/** Init container that waits, bounded, for the store's database port. */
export function waitForDatabaseContainer(
  preset: SizePreset,
  config: ProvisioningConfig,
): V1Container {
  return {
    name: 'wait-for-database',
    image: config.images.busybox,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', WAIT_FOR_DATABASE],
    env: [
      { name: 'DB_HOST', value: OBJECT_NAMES.mariadb },
      { name: 'DB_PORT', value: String(DATABASE.port) },
    ],
    resources: resources(preset.waitForDatabase),
    securityContext: hardenedContainer(),
  };
}

/**
 * The pod of a Job that runs a wp-cli script against a store's WordPress
 * (the bootstrap, the admin password reset): it waits for the database, then
 * runs `script` with bash on the WordPress volume. It runs next to the
 * WordPress pod because their volume is ReadWriteOnce. Values reach the
 * script only as environment variables (`env`), never in the script's text.
 */
export function buildWpCliPodSpec(options: {
  /** The store's id. */
  storeId: string;
  preset: SizePreset;
  /** `storePlatform.provisioning`, defaults filled in. */
  config: ProvisioningConfig;
  /** Container name. */
  name: string;
  script: string;
  /** `$0` of the script, in its messages and in `ps`. */
  scriptName: string;
  env: V1EnvVar[];
}): V1PodSpec {
  const { storeId, preset, config } = options;
  return {
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: hardenedPod(IMAGE_UIDS.wwwData),
    affinity: besideStorefront(storeId),
    initContainers: [waitForDatabaseContainer(preset, config)],
    containers: [
      {
        name: options.name,
        image: config.images.wpCli,
        imagePullPolicy: 'IfNotPresent',
        command: ['bash', '-c', options.script, options.scriptName],
        env: [
          ...wordpressDatabaseEnv(),
          { name: 'WP_PATH', value: '/var/www/html' },
          { name: 'HOME', value: '/tmp' },
          ...options.env,
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
  };
}
