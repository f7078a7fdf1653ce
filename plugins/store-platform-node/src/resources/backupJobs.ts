import { V1EnvVar, V1Job, V1PodSpec } from '@kubernetes/client-node';
import { BackupTarget, BACKUP_VOLUME } from './backupVolume';
import { parseBackupId, timeStamp } from './backupIds';
import {
  adminPasswordScript,
  backupFetchScript,
  backupScript,
  restoreScript,
} from './bootstrapScript';
import { secretEnv } from './credentials';
import { storeLabels } from './labels';
import {
  DATABASE,
  OBJECT_NAMES,
  SECRET_KEYS,
  storeHost,
  storeNamespace,
  WORDPRESS_ADMIN_USER,
} from './names';
import { hardenedContainer, hardenedPod, IMAGE_UIDS } from './security';
import { resources, SIZE_PRESETS } from './sizes';
import {
  besideStorefront,
  buildWpCliPodSpec,
  waitForDatabaseContainer,
} from './wpCliPod';

/**
 * Labels and annotations by which the backup Jobs are the record of a store's backups.
 *
 * @public
 */
export const BACKUP_LABELS = {
  /** `backup`, `restore` or `export` (a clone's copy server). */
  role: 'store-platform.io/backup-role',
  /** The backup a Job makes, restores or serves. */
  id: 'store-platform.io/backup-id',
} as const;

export const BACKUP_ANNOTATIONS = {
  /** Written once the backup Job has succeeded, from its termination message. */
  sizeBytes: 'store-platform.io/backup-size-bytes',
  /** Why a backup failed, in words (the Job's own condition says little). */
  failure: 'store-platform.io/backup-failure',
} as const;

export type BackupRole = 'backup' | 'restore' | 'export';

/** Mount points inside the Job pods. */
export const BACKUP_PATHS = {
  backups: '/backups',
  wordpress: '/var/www/html',
  restoreSource: '/restore',
} as const;

/**
 * The name of the Job that takes a backup.
 *
 * @public
 */
export function backupJobName(backupId: string): string {
  return `backup-${parseBackupId(backupId)?.stamp ?? backupId}`;
}

/** A restore (or a clone's export) Job's name: its own start time, so each attempt has its own record. */
export function restoreJobName(at: Date): string {
  return `restore-${timeStamp(at)}`;
}

export function exportJobName(at: Date): string {
  return `backup-export-${timeStamp(at)}`;
}

/**
 * Labels of a backup, restore or export Job and its pod. Component `backup`:
 * the store's network policies let these pods reach MariaDB.
 */
export function backupJobLabels(
  target: BackupTarget,
  role: BackupRole,
  name: string,
  backupId: string,
): Record<string, string> {
  return {
    ...storeLabels(target.storeId, 'backup', name, target.config.installation),
    [BACKUP_LABELS.role]: role,
    [BACKUP_LABELS.id]: backupId,
  };
}

/** The database client's settings; the password comes from the store's Secret (MYSQL_PWD). */
function databaseClientEnv(): V1EnvVar[] {
  return [
    { name: 'DB_HOST', value: OBJECT_NAMES.mariadb },
    { name: 'DB_PORT', value: String(DATABASE.port) },
    { name: 'DB_NAME', value: DATABASE.name },
    { name: 'DB_USER', value: DATABASE.user },
    secretEnv('MYSQL_PWD', SECRET_KEYS.password),
  ];
}

function job(
  target: BackupTarget,
  role: BackupRole,
  name: string,
  backupId: string,
  spec: {
    podSpec: V1PodSpec;
    timeoutMs: number;
    suspend?: boolean;
    /** Seconds a finished Job stays; none: it stays (the backup Jobs are the record). */
    ttlSeconds?: number;
  },
): V1Job {
  const labels = backupJobLabels(target, role, name, backupId);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: storeNamespace(target.storeId), labels },
    spec: {
      ...(spec.suspend ? { suspend: true } : {}),
      // One attempt: a failed backup is reported, and run again by the user, not in a loop.
      backoffLimit: 0,
      activeDeadlineSeconds: Math.ceil(spec.timeoutMs / 1000),
      ...(spec.ttlSeconds !== undefined
        ? { ttlSecondsAfterFinished: spec.ttlSeconds }
        : {}),
      template: {
        metadata: { labels: { ...labels, ...target.podLabels } },
        spec: spec.podSpec,
      },
    },
  };
}

/**
 * Job `backup-<stamp>`: dumps the database with `mariadb-dump` and archives
 * wp-content into the backup volume under the backup id, then applies the
 * retention (`backups.retention`). Runs the MariaDB image (its client matches
 * the server) as WordPress's user, next to the WordPress pod (its volume is
 * ReadWriteOnce), mounting that volume read-only. The Job stays after it
 * finishes: the backup Jobs are the list of backups.
 *
 * @public
 */
export function buildBackupJob(target: BackupTarget, backupId: string): V1Job {
  const { config } = target;
  const preset = SIZE_PRESETS[target.size];
  const name = backupJobName(backupId);
  return job(target, 'backup', name, backupId, {
    timeoutMs: config.timeouts.backupMs,
    podSpec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: hardenedPod(IMAGE_UIDS.wwwData),
      affinity: besideStorefront(target.storeId),
      initContainers: [waitForDatabaseContainer(preset, config)],
      containers: [
        {
          name: 'backup',
          image: config.images.mariadb,
          imagePullPolicy: 'IfNotPresent',
          command: ['bash', '-c', backupScript(), 'store-backup'],
          env: [
            ...databaseClientEnv(),
            { name: 'BACKUP_ID', value: backupId },
            { name: 'BACKUP_DIR', value: BACKUP_PATHS.backups },
            { name: 'WP_PATH', value: BACKUP_PATHS.wordpress },
            { name: 'KEEP', value: String(config.backups.retention) },
            { name: 'HOME', value: '/tmp' },
          ],
          resources: resources(preset.bootstrap),
          securityContext: hardenedContainer(),
          volumeMounts: [
            {
              name: 'html',
              mountPath: BACKUP_PATHS.wordpress,
              readOnly: true,
            },
            { name: 'backups', mountPath: BACKUP_PATHS.backups },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        {
          name: 'html',
          persistentVolumeClaim: {
            claimName: OBJECT_NAMES.wordpressData,
            readOnly: true,
          },
        },
        {
          name: 'backups',
          persistentVolumeClaim: { claimName: BACKUP_VOLUME },
        },
        { name: 'tmp', emptyDir: {} },
      ],
    },
  });
}

/**
 * Where a restore reads the backup from.
 *
 * @public
 */
export type RestoreSource =
  /** The store's own backup volume. */
  | { kind: 'volume' }
  /** A clone: the source store's export server, copied into the pod first. */
  | { kind: 'export'; url: string };

/**
 * Job `restore-<stamp>`: loads a backup into the store. Init containers wait
 * for the database, (for a clone) copy the backup from the source store's
 * export server, then load the dump and swap in wp-content, the store keeping
 * its own address; its main container then sets the WordPress admin password
 * to the one in the store's own Secret (the dump carries the password of the
 * time, or of the source store). Created suspended when its NetworkPolicy must
 * exist before its pod starts (a clone).
 *
 * @public
 */
export function buildRestoreJob(
  target: BackupTarget,
  options: {
    name: string;
    backupId: string;
    source: RestoreSource;
    suspend?: boolean;
  },
): V1Job {
  const { config } = target;
  const preset = SIZE_PRESETS[target.size];
  const base = buildWpCliPodSpec({
    storeId: target.storeId,
    preset,
    config,
    name: 'admin-password',
    script: adminPasswordScript(),
    scriptName: 'wordpress-admin-password',
    env: [
      { name: 'ADMIN_USER', value: WORDPRESS_ADMIN_USER },
      secretEnv('WORDPRESS_ADMIN_PASSWORD', SECRET_KEYS.adminPassword),
    ],
  });
  const fromVolume = options.source.kind === 'volume';
  const fetch =
    options.source.kind === 'export'
      ? [
          {
            name: 'fetch',
            image: config.images.busybox,
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', backupFetchScript(), 'store-backup-fetch'],
            env: [
              { name: 'SOURCE_URL', value: options.source.url },
              { name: 'DEST', value: BACKUP_PATHS.restoreSource },
            ],
            resources: resources(preset.bootstrap),
            securityContext: hardenedContainer(),
            volumeMounts: [
              { name: 'source', mountPath: BACKUP_PATHS.restoreSource },
            ],
          },
        ]
      : [];
  const restore = {
    name: 'restore',
    image: config.images.mariadb,
    imagePullPolicy: 'IfNotPresent',
    command: ['bash', '-c', restoreScript(), 'store-restore'],
    env: [
      ...databaseClientEnv(),
      { name: 'BACKUP_ID', value: options.backupId },
      { name: 'SOURCE_DIR', value: BACKUP_PATHS.restoreSource },
      { name: 'WP_PATH', value: BACKUP_PATHS.wordpress },
      {
        name: 'STORE_URL',
        value: `${config.scheme}://${storeHost(target.storeId, config.domain)}`,
      },
      { name: 'HOME', value: '/tmp' },
    ],
    resources: resources(preset.bootstrap),
    securityContext: hardenedContainer(),
    volumeMounts: [
      { name: 'html', mountPath: BACKUP_PATHS.wordpress },
      {
        name: 'source',
        mountPath: BACKUP_PATHS.restoreSource,
        ...(fromVolume ? { subPath: options.backupId, readOnly: true } : {}),
      },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
  return job(target, 'restore', options.name, options.backupId, {
    timeoutMs: config.timeouts.restoreMs,
    suspend: options.suspend,
    ttlSeconds: 3600,
    podSpec: {
      ...base,
      initContainers: [...(base.initContainers ?? []), ...fetch, restore],
      volumes: [
        ...(base.volumes ?? []),
        fromVolume
          ? {
              name: 'source',
              persistentVolumeClaim: {
                claimName: BACKUP_VOLUME,
                readOnly: true,
              },
            }
          : { name: 'source', emptyDir: {} },
      ],
    },
  });
}
