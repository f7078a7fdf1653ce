import { V1Job, V1NetworkPolicy } from '@kubernetes/client-node';
import { BackupTarget, BACKUP_VOLUME } from './backupVolume';
import { backupJobLabels } from './backupJobs';
import { storeLabels } from './labels';
import { storeNamespace } from './names';
import { hardenedContainer, hardenedPod, IMAGE_UIDS } from './security';
import { resources, SIZE_PRESETS } from './sizes';

/*
 * How a clone copies a backup from one store to another.
 *
 * The backup lives in the source store's volume, in the source namespace; a
 * pod cannot mount a PVC of another namespace, and every store namespace
 * denies traffic to and from other stores. So, for the copy only:
 * - the source namespace runs a short-lived Job (the "export server": busybox
 *   httpd, read-only, serving that one backup's directory, nothing else of the
 *   volume); its activeDeadlineSeconds ends it even if the platform never
 *   comes back to delete it;
 * - a NetworkPolicy in the source namespace admits to it only the pod of the
 *   target's restore Job (namespace and job-name), on its port;
 * - a NetworkPolicy in the target namespace lets only that pod out to it.
 * Each policy is owned by its namespace's Job, so the garbage collector
 * removes it with the Job: the platform needs no right it did not have
 * (creating and deleting Jobs, creating NetworkPolicies), and no new kind of
 * access such as pods/exec or pods/proxy. The data does not pass through the
 * backend (which would need one of those, and carry every byte).
 */

/**
 * The export server's port (unprivileged: it runs as WordPress's user).
 *
 * @public
 */
export const EXPORT_PORT = 8080;

const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/**
 * Job `backup-export-<stamp>` in the source namespace: serves one backup, read-only.
 *
 * @public
 */
export function buildBackupExportJob(
  source: BackupTarget,
  options: { name: string; backupId: string; timeoutMs: number },
): V1Job {
  const preset = SIZE_PRESETS[source.size];
  const labels = backupJobLabels(
    source,
    'export',
    options.name,
    options.backupId,
  );
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: options.name,
      namespace: storeNamespace(source.storeId),
      labels,
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: Math.ceil(options.timeoutMs / 1000),
      ttlSecondsAfterFinished: 300,
      template: {
        metadata: { labels: { ...labels, ...source.podLabels } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: hardenedPod(IMAGE_UIDS.wwwData),
          containers: [
            {
              name: 'export',
              image: source.config.images.busybox,
              imagePullPolicy: 'IfNotPresent',
              command: [
                'httpd',
                '-f',
                '-p',
                String(EXPORT_PORT),
                '-h',
                '/srv/backup',
              ],
              ports: [{ name: 'http', containerPort: EXPORT_PORT }],
              readinessProbe: {
                tcpSocket: { port: 'http' },
                periodSeconds: 2,
              },
              // A Job pod's share of the quota: a copy of gigabytes is not throttled to a trickle.
              resources: resources(preset.bootstrap),
              securityContext: hardenedContainer(),
              volumeMounts: [
                {
                  name: 'backups',
                  mountPath: '/srv/backup',
                  subPath: options.backupId,
                  readOnly: true,
                },
              ],
            },
          ],
          volumes: [
            {
              name: 'backups',
              persistentVolumeClaim: {
                claimName: BACKUP_VOLUME,
                readOnly: true,
              },
            },
          ],
        },
      },
    },
  };
}

/**
 * The two ends of a clone's copy: the export Job in the source, the restore Job in the target.
 *
 * @public
 */
export interface ExportPeers {
  /** The store the backup comes from. */
  source: BackupTarget;
  /** The store it is restored into. */
  targetStoreId: string;
  /** The Job that serves the backup from the source store. */
  exportJobName: string;
  /** The Job that reads it into the target store. */
  restoreJobName: string;
}

function ownedPolicy(
  storeId: string,
  installation: string,
  name: string,
  owner: { name: string; uid: string },
  spec: V1NetworkPolicy['spec'],
): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace: storeNamespace(storeId),
      labels: storeLabels(storeId, 'policy', name, installation),
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: owner.name,
          uid: owner.uid,
        },
      ],
    },
    spec,
  };
}

const namespaceIs = (storeId: string) => ({
  matchLabels: { 'kubernetes.io/metadata.name': storeNamespace(storeId) },
});

/**
 * In the source namespace: only the target's restore pod may reach the export
 * server. Owned by (and deleted with) the export Job, whose uid is `ownerUid`.
 *
 * @public
 */
export function buildExportIngressPolicy(
  peers: ExportPeers,
  ownerUid: string,
): V1NetworkPolicy {
  return ownedPolicy(
    peers.source.storeId,
    peers.source.config.installation,
    peers.exportJobName,
    { name: peers.exportJobName, uid: ownerUid },
    {
      podSelector: { matchLabels: { [JOB_NAME_LABEL]: peers.exportJobName } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            {
              namespaceSelector: namespaceIs(peers.targetStoreId),
              podSelector: {
                matchLabels: { [JOB_NAME_LABEL]: peers.restoreJobName },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: EXPORT_PORT }],
        },
      ],
    },
  );
}

/**
 * In the target namespace: the restore pod may reach the source's export
 * server, nothing else new. Owned by (and deleted with) the restore Job.
 *
 * @public
 */
export function buildExportEgressPolicy(
  peers: ExportPeers,
  ownerUid: string,
): V1NetworkPolicy {
  return ownedPolicy(
    peers.targetStoreId,
    peers.source.config.installation,
    peers.restoreJobName,
    { name: peers.restoreJobName, uid: ownerUid },
    {
      podSelector: { matchLabels: { [JOB_NAME_LABEL]: peers.restoreJobName } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: namespaceIs(peers.source.storeId),
              podSelector: {
                matchLabels: { [JOB_NAME_LABEL]: peers.exportJobName },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: EXPORT_PORT }],
        },
      ],
    },
  );
}
