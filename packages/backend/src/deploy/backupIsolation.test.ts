import { dumpYaml, KubernetesObject, V1Job } from '@kubernetes/client-node';
import {
  buildBackupExportJob,
  buildBackupJob,
  buildExportEgressPolicy,
  buildExportIngressPolicy,
  buildRestoreJob,
  ExportPeers,
  provisioningConfigWith,
  renderStoreManifests,
} from '@store-platform/plugin-store-platform-node';
import { parse as parseYaml } from 'yaml';
import {
  Endpoint,
  ModelPod,
  NetworkPolicyManifest,
  NetworkPolicyModel,
} from './__testUtils__/networkPolicyEvaluator';

// The traffic of backups and of a clone's copy, evaluated over the policies the node library
// renders (kwok enforces none): store alpha's backup Job, and a clone of alpha's backup into
// store beta, with alpha's export server and beta's restore Job and the two NetworkPolicies
// made for that copy. Each case runs under both readings of `ipBlock`.

const config = provisioningConfigWith();
const BACKUP = 'alpha-20261130-180000';
const EXPORT_JOB = 'backup-export-20261130-190000';
const RESTORE_JOB = 'restore-20261130-190000';

const wire = (o: KubernetesObject): any => parseYaml(dumpYaml(o));
const storeOf = (id: string) =>
  renderStoreManifests(
    {
      id,
      title: id,
      engine: 'woocommerce',
      size: 'small',
      adminEmail: 'owner@example.com',
    },
    config,
  ).map(wire);

const target = (storeId: string) => ({
  storeId,
  size: 'small' as const,
  config,
});
const peers: ExportPeers = {
  source: target('alpha'),
  targetStoreId: 'beta',
  exportJobName: EXPORT_JOB,
  restoreJobName: RESTORE_JOB,
};

/** A Job's pod as the Job controller makes it: its template labels and the job-name label. */
function jobPod(job: V1Job): Omit<ModelPod, 'ip'> {
  const w = wire(job);
  return {
    name: `Job/${w.metadata.name}`,
    namespace: w.metadata.namespace,
    labels: {
      ...w.spec.template.metadata.labels,
      'batch.kubernetes.io/job-name': w.metadata.name,
    },
    ports: w.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []),
  };
}

function workloadPods(manifests: any[]): Array<Omit<ModelPod, 'ip'>> {
  return manifests
    .filter(m => ['Deployment', 'StatefulSet'].includes(m.kind))
    .map(m => ({
      name: `${m.kind}/${m.metadata.name}`,
      namespace: m.metadata.namespace,
      labels: m.spec.template.metadata.labels,
      ports: m.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []),
    }));
}

const stores = [storeOf('alpha'), storeOf('beta')];
const pods: ModelPod[] = [
  ...stores.flatMap(workloadPods),
  ...stores.flatMap(s =>
    s.filter(m => m.kind === 'Job').map(m => jobPod(m as V1Job)),
  ),
  jobPod(buildBackupJob(target('alpha'), BACKUP)),
  jobPod(
    buildBackupExportJob(target('alpha'), {
      name: EXPORT_JOB,
      backupId: BACKUP,
      timeoutMs: 60_000,
    }),
  ),
  jobPod(
    buildRestoreJob(target('beta'), {
      name: RESTORE_JOB,
      backupId: BACKUP,
      source: { kind: 'export', url: 'http://10.244.0.9:8080' },
    }),
  ),
  { name: 'some-app', namespace: 'elsewhere', labels: { app: 'some-app' } },
].map((p, i) => ({ ...p, ip: `10.244.0.${i + 2}` }));

const policies = [
  ...stores.flat().filter(m => m.kind === 'NetworkPolicy'),
  wire(buildExportIngressPolicy(peers, 'uid-export')),
  wire(buildExportEgressPolicy(peers, 'uid-restore')),
] as NetworkPolicyManifest[];

const namespaces = [
  ...stores.map(s => ({
    name: s[0].metadata.name,
    labels: s[0].metadata.labels,
  })),
  { name: 'elsewhere' },
  { name: 'kube-system' },
];

const find = (namespace: string, name: string): ModelPod => {
  const found = pods.filter(
    p => p.namespace === namespace && p.name.includes(name),
  );
  if (found.length !== 1)
    throw new Error(`${found.length} pods match ${namespace}/${name}`);
  return found[0];
};
const named: Record<string, Endpoint> = {
  'alpha backup': find('store-alpha', 'Job/backup-2026'),
  'alpha export server': find('store-alpha', `Job/${EXPORT_JOB}`),
  'alpha mariadb': find('store-alpha', 'StatefulSet/mariadb'),
  'alpha wordpress': find('store-alpha', 'Deployment/wordpress'),
  'beta restore': find('store-beta', `Job/${RESTORE_JOB}`),
  'beta mariadb': find('store-beta', 'StatefulSet/mariadb'),
  'beta wordpress': find('store-beta', 'Deployment/wordpress'),
  'beta bootstrap': find('store-beta', 'Job/woocommerce-bootstrap'),
  'a pod elsewhere': find('elsewhere', 'some-app'),
  'the internet': { ip: '93.184.216.34' },
};

describe.each([
  ['ipBlock does not match pods', false],
  ['ipBlock matches pods too', true],
])('backup and clone traffic (%s)', (_, ipBlockMatchesPods) => {
  const model = new NetworkPolicyModel({
    policies,
    namespaces,
    pods,
    ipBlockMatchesPods,
  });

  it.each([
    [
      'the backup Job to its MariaDB',
      'alpha backup',
      'alpha mariadb',
      3306,
      true,
    ],
    [
      'the backup Job to another store’s MariaDB',
      'alpha backup',
      'beta mariadb',
      3306,
      false,
    ],
    [
      'the backup Job to the internet',
      'alpha backup',
      'the internet',
      443,
      false,
    ],
    [
      'the clone’s restore Job to its own MariaDB',
      'beta restore',
      'beta mariadb',
      3306,
      true,
    ],
    [
      'the clone’s restore Job to the export server',
      'beta restore',
      'alpha export server',
      8080,
      true,
    ],
    [
      'the clone’s restore Job to the export server on another port',
      'beta restore',
      'alpha export server',
      22,
      false,
    ],
    [
      'the clone’s restore Job to the source’s MariaDB',
      'beta restore',
      'alpha mariadb',
      3306,
      false,
    ],
    [
      'the clone’s restore Job to the source’s WordPress',
      'beta restore',
      'alpha wordpress',
      8080,
      false,
    ],
    [
      'the clone’s restore Job to the internet',
      'beta restore',
      'the internet',
      443,
      false,
    ],
    [
      'the target’s WordPress to the export server',
      'beta wordpress',
      'alpha export server',
      8080,
      false,
    ],
    [
      'the target’s bootstrap Job to the export server',
      'beta bootstrap',
      'alpha export server',
      8080,
      false,
    ],
    [
      'the source’s own WordPress to the export server',
      'alpha wordpress',
      'alpha export server',
      8080,
      false,
    ],
    [
      'a pod elsewhere to the export server',
      'a pod elsewhere',
      'alpha export server',
      8080,
      false,
    ],
    [
      'the internet to the export server',
      'the internet',
      'alpha export server',
      8080,
      false,
    ],
    [
      'the export server to the internet',
      'alpha export server',
      'the internet',
      443,
      false,
    ],
    [
      'the export server to the target’s MariaDB',
      'alpha export server',
      'beta mariadb',
      3306,
      false,
    ],
  ] as const)('%s', (_case, from, to, port, allowed) => {
    const verdict = model.check({
      from: named[from],
      to: named[to],
      port,
      protocol: 'TCP',
    });
    expect(verdict.allowed).toBe(allowed);
  });
});
