import { V1Container, V1Job, V1PodSpec } from '@kubernetes/client-node';
import {
  STORE_SIZES,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';
import { provisioningConfigWith } from '../config/provisioningConfig';
import {
  buildBackupExportJob,
  buildExportEgressPolicy,
  buildExportIngressPolicy,
  ExportPeers,
} from './backupExport';
import { backupJobName, buildBackupJob, buildRestoreJob } from './backupJobs';
import { BackupTarget, buildBackupVolume } from './backupVolume';
import { buildLimitRangeOf, buildResourceQuotaOf } from './namespace';
import { buildNetworkPoliciesOf } from './networkPolicies';
import { parseQuantity, SIZE_PRESETS } from './sizes';

const config = provisioningConfigWith({ backups: { retention: 3 } });
const target = (size: StoreSize = 'small'): BackupTarget => ({
  storeId: 'shop',
  size,
  config,
});
const BACKUP = 'shop-20261130-180451';

function jobsOf(size: StoreSize): V1Job[] {
  const t = target(size);
  return [
    buildBackupJob(t, BACKUP),
    buildRestoreJob(t, {
      name: 'restore-20261130-190000',
      backupId: BACKUP,
      source: { kind: 'volume' },
    }),
    buildRestoreJob(
      { ...t, storeId: 'copy' },
      {
        name: 'restore-20261130-190000',
        backupId: BACKUP,
        source: { kind: 'export', url: 'http://10.244.0.9:8080' },
        suspend: true,
      },
    ),
    buildBackupExportJob(t, {
      name: 'backup-export-20261130-190000',
      backupId: BACKUP,
      timeoutMs: 60_000,
    }),
  ];
}

const podOf = (job: V1Job): V1PodSpec => job.spec!.template.spec!;
const containersOf = (pod: V1PodSpec): V1Container[] => [
  ...(pod.initContainers ?? []),
  ...pod.containers,
];
/** What the quota counts for a pod: the larger of its biggest init container and its containers' sum. */
const podAmount = (
  pod: V1PodSpec,
  kind: 'requests' | 'limits',
  dim: 'cpu' | 'memory',
) =>
  Math.max(
    ...(pod.initContainers ?? []).map(c =>
      parseQuantity(c.resources![kind]![dim]),
    ),
    pod.containers.reduce(
      (sum, c) => sum + parseQuantity(c.resources![kind]![dim]),
      0,
    ),
  );

describe('backup objects', () => {
  it.each(STORE_SIZES)(
    'fit the %s store quota beside MariaDB and two WordPress pods, within the LimitRange',
    size => {
      const preset = SIZE_PRESETS[size];
      const hard = buildResourceQuotaOf({ storeId: 'shop', size, config }).spec!
        .hard!;
      const limits = buildLimitRangeOf({ storeId: 'shop', size, config }).spec!
        .limits;
      const containerMax = limits.find(l => l.type === 'Container')!.max!;
      for (const job of jobsOf(size)) {
        const pod = podOf(job);
        for (const kind of ['requests', 'limits'] as const) {
          for (const dim of ['cpu', 'memory'] as const) {
            const others =
              parseQuantity(preset.database[kind][dim]) +
              2 * parseQuantity(preset.storefront[kind][dim]);
            expect([
              job.metadata!.name,
              kind,
              dim,
              others + podAmount(pod, kind, dim) <=
                parseQuantity(hard[`${kind}.${dim}`]),
            ]).toEqual([job.metadata!.name, kind, dim, true]);
          }
        }
        for (const c of containersOf(pod)) {
          expect(parseQuantity(c.resources!.limits!.cpu)).toBeLessThanOrEqual(
            parseQuantity(containerMax.cpu),
          );
          expect(
            parseQuantity(c.resources!.limits!.memory),
          ).toBeLessThanOrEqual(parseQuantity(containerMax.memory));
        }
      }
      const volume = buildBackupVolume(target(size));
      const pvcMax = limits.find(l => l.type === 'PersistentVolumeClaim')!.max!;
      const requested = parseQuantity(
        volume.spec!.resources!.requests!.storage,
      );
      expect(requested).toBeLessThanOrEqual(parseQuantity(pvcMax.storage));
      expect(
        requested +
          parseQuantity(preset.storage.database) +
          parseQuantity(preset.storage.storefront),
      ).toBeLessThanOrEqual(parseQuantity(hard['requests.storage']));
      expect(hard.persistentvolumeclaims).toBe('3');
    },
  );

  it('run hardened for Pod Security restricted, without a ServiceAccount token', () => {
    for (const job of jobsOf('small')) {
      const pod = podOf(job);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const c of containersOf(pod)) {
        expect([c.name, c.securityContext]).toEqual([
          c.name,
          expect.objectContaining({
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            runAsNonRoot: true,
          }),
        ]);
      }
    }
  });

  it('read database credentials only from the store Secret, never from a command line', () => {
    for (const job of jobsOf('small')) {
      for (const c of containersOf(podOf(job))) {
        const secretish = (c.env ?? []).filter(e =>
          /PWD|PASSWORD/.test(e.name),
        );
        expect(secretish.filter(e => e.value !== undefined)).toEqual([]);
        expect(
          secretish.filter(
            e => e.valueFrom?.secretKeyRef?.name !== 'mariadb-secret',
          ),
        ).toEqual([]);
        expect(c.command?.join(' ') ?? '').not.toMatch(
          /--password|\s-p["'$]|MYSQL_PWD=/,
        );
      }
    }
    const backup = podOf(buildBackupJob(target(), BACKUP)).containers[0];
    expect(backup.env).toContainEqual({
      name: 'MYSQL_PWD',
      valueFrom: {
        secretKeyRef: { name: 'mariadb-secret', key: 'mariadb-password' },
      },
    });
  });

  it('are admitted to MariaDB by the store network policies', () => {
    const policies = buildNetworkPoliciesOf({ storeId: 'shop', config });
    const toDb = policies.find(p => p.metadata!.name === 'store-to-mariadb')!;
    const selector = toDb.spec!.podSelector!;
    for (const job of jobsOf('small').slice(0, 2)) {
      const labels = job.spec!.template.metadata!.labels!;
      for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        expect(labels[k]).toBe(v);
      }
      for (const e of selector.matchExpressions ?? []) {
        expect(e.values).toContain(labels[e.key]);
      }
    }
  });

  it('record the backup: the id, the retention, no expiry, no retries', () => {
    const job = buildBackupJob(target(), BACKUP);
    expect(job.metadata!.name).toBe(backupJobName(BACKUP));
    expect(job.metadata!.name).toBe('backup-20261130-180451');
    expect(job.metadata!.labels).toMatchObject({
      'store-platform.io/backup-role': 'backup',
      'store-platform.io/backup-id': BACKUP,
      'app.kubernetes.io/instance': 'shop',
    });
    expect(job.spec!.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.spec!.backoffLimit).toBe(0);
    const env = podOf(job).containers[0].env!;
    expect(env).toContainEqual({ name: 'KEEP', value: '3' });
    expect(env).toContainEqual({ name: 'BACKUP_ID', value: BACKUP });
    // WordPress's volume is only read
    expect(podOf(job).volumes).toContainEqual({
      name: 'html',
      persistentVolumeClaim: { claimName: 'wordpress-data', readOnly: true },
    });
  });

  it('restore from the own volume read-only, or from the export server in a clone', () => {
    const [, own, clone] = jobsOf('small');
    const restoreOf = (job: V1Job) =>
      podOf(job).initContainers!.find(c => c.name === 'restore')!;
    expect(restoreOf(own).volumeMounts).toContainEqual({
      name: 'source',
      mountPath: '/restore',
      subPath: BACKUP,
      readOnly: true,
    });
    expect(restoreOf(own).env).toContainEqual({
      name: 'STORE_URL',
      value: 'http://shop.localhost',
    });
    expect(podOf(clone).initContainers!.map(c => c.name)).toEqual([
      'wait-for-database',
      'fetch',
      'restore',
    ]);
    expect(restoreOf(clone).env).toContainEqual({
      name: 'STORE_URL',
      value: 'http://copy.localhost',
    });
    expect(clone.spec!.suspend).toBe(true);
    // then WordPress gets the store's own admin password back
    expect(podOf(own).containers[0].env).toContainEqual(
      expect.objectContaining({
        name: 'WORDPRESS_ADMIN_PASSWORD',
        valueFrom: {
          secretKeyRef: {
            name: 'mariadb-secret',
            key: 'wordpress-admin-password',
          },
        },
      }),
    );
  });

  it("open the clone's copy to the target's restore pod alone, and go with their Jobs", () => {
    const peers: ExportPeers = {
      source: target(),
      targetStoreId: 'copy',
      exportJobName: 'backup-export-20261130-190000',
      restoreJobName: 'restore-20261130-190000',
    };
    const ingress = buildExportIngressPolicy(peers, 'uid-export');
    expect(ingress.metadata!.namespace).toBe('store-shop');
    expect(ingress.metadata!.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Job', uid: 'uid-export' }),
    ]);
    expect(ingress.spec).toEqual({
      podSelector: {
        matchLabels: {
          'batch.kubernetes.io/job-name': 'backup-export-20261130-190000',
        },
      },
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'store-copy' },
              },
              podSelector: {
                matchLabels: {
                  'batch.kubernetes.io/job-name': 'restore-20261130-190000',
                },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    });
    const egress = buildExportEgressPolicy(peers, 'uid-restore');
    expect(egress.metadata!.namespace).toBe('store-copy');
    expect(egress.metadata!.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Job', uid: 'uid-restore' }),
    ]);
    expect(egress.spec!.egress![0].to).toEqual([
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'store-shop' },
        },
        podSelector: {
          matchLabels: {
            'batch.kubernetes.io/job-name': 'backup-export-20261130-190000',
          },
        },
      },
    ]);
    // the export server serves that one backup, read-only
    const server = podOf(jobsOf('small')[3]).containers[0];
    expect(server.volumeMounts).toEqual([
      expect.objectContaining({ subPath: BACKUP, readOnly: true }),
    ]);
  });
});
