/**
 * Backup, restore and clone benchmark (not a test): each operation's time on
 * the local control plane against its floor, the same Kubernetes calls made
 * by a bare script, measured in the same run.
 *
 *   yarn workspace @store-platform/plugin-store-platform-node bench:backup
 *
 * Environment:
 *   BENCH_ITERATIONS=6       runs of each operation and of its floor, interleaved
 *   BENCH_REPORT=<path>      where the report goes (default docs/benchmarks/backup-restore.md)
 */
import { KubeConfig, V1Job, Watch } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createStoreCluster } from '../src/cluster/storeCluster';
import { provisioningConfigWith } from '../src/config/provisioningConfig';
import { kubeClients } from '../src/kube/clients';
import { backupStore } from '../src/operations/backupStore';
import { restoreStore } from '../src/operations/restoreStore';
import { provisionStore } from '../src/provisionStore';
import {
  buildBackupExportJob,
  buildExportEgressPolicy,
  buildExportIngressPolicy,
} from '../src/resources/backupExport';
import { newBackupId } from '../src/resources/backupIds';
import { buildBackupJob, buildRestoreJob } from '../src/resources/backupJobs';
import { storeNamespace } from '../src/resources/names';

const repo = resolve(__dirname, '../../..');
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 6);
const REPORT =
  process.env.BENCH_REPORT ?? join(repo, 'docs/benchmarks/backup-restore.md');
// Enough to keep every backup the runs make: retention is not what is measured.
const config = provisioningConfigWith({ backups: { retention: 50 } });
const tag = Date.now().toString(36).slice(-5);
const source = `bk-${tag}`;
const target = `bk-${tag}-copy`;

/** A floor Job: the operation's own Job, but not listed as a backup or restore. */
function asFloor(job: V1Job, name: string): V1Job {
  const labels = {
    ...job.metadata!.labels,
    'store-platform.io/backup-role': 'bench-floor',
  };
  return {
    ...job,
    metadata: { ...job.metadata, name, labels },
    spec: {
      ...job.spec!,
      suspend: false,
      template: { ...job.spec!.template, metadata: { labels } },
    },
  };
}

function watchUntil(
  kc: KubeConfig,
  path: string,
  query: Record<string, string>,
  done: (obj: any) => unknown,
): Promise<any> {
  return new Promise((resolvePromise, reject) => {
    let controller: AbortController | undefined;
    new Watch(kc)
      .watch(
        path,
        query,
        (_type, obj) => {
          const value = done(obj);
          if (value) {
            controller?.abort();
            resolvePromise(value);
          }
        },
        err => (err && err.name !== 'AbortError' ? reject(err) : undefined),
      )
      .then(c => {
        controller = c;
      }, reject);
  });
}

const complete = (kc: KubeConfig, namespace: string, name: string) =>
  watchUntil(
    kc,
    `/apis/batch/v1/namespaces/${namespace}/jobs`,
    { fieldSelector: `metadata.name=${name}` },
    o =>
      (o.status?.conditions ?? []).some(
        (c: any) => c.type === 'Complete' && c.status === 'True',
      ),
  );

/** Create one Job, watch it complete: a backup or an in-place restore with no logic of ours. */
async function jobFloor(kc: KubeConfig, job: V1Job) {
  const namespace = job.metadata!.namespace!;
  const done = complete(kc, namespace, job.metadata!.name!);
  await kubeClients(kc).batch.createNamespacedJob({ namespace, body: job });
  await done;
}

/** A clone's copy with no logic of ours: export Job, its address, restore Job and policies, cleanup. */
async function cloneFloor(kc: KubeConfig, backupId: string, i: number) {
  const { batch, objects } = kubeClients(kc);
  const exportName = `floor-export-${i}`;
  const restoreName = `floor-restore-${i}`;
  const src = { storeId: source, size: 'small' as const, config };
  const sourceNs = storeNamespace(source);
  const targetNs = storeNamespace(target);
  const running = watchUntil(
    kc,
    `/api/v1/namespaces/${sourceNs}/pods`,
    { labelSelector: `batch.kubernetes.io/job-name=${exportName}` },
    o => o.status?.phase === 'Running' && o.status?.podIP,
  );
  const exported = await batch.createNamespacedJob({
    namespace: sourceNs,
    body: asFloor(
      buildBackupExportJob(src, {
        name: exportName,
        backupId,
        timeoutMs: 600_000,
      }),
      exportName,
    ),
  });
  const peers = {
    source: src,
    targetStoreId: target,
    exportJobName: exportName,
    restoreJobName: restoreName,
  };
  await objects.create(
    buildExportIngressPolicy(peers, exported.metadata!.uid!),
  );
  const ip = await running;
  const done = complete(kc, targetNs, restoreName);
  const restored = await batch.createNamespacedJob({
    namespace: targetNs,
    body: asFloor(
      buildRestoreJob(
        { storeId: target, size: 'small', config },
        {
          name: restoreName,
          backupId,
          source: { kind: 'export', url: `http://${ip}:8080` },
        },
      ),
      restoreName,
    ),
  });
  await objects.create(buildExportEgressPolicy(peers, restored.metadata!.uid!));
  await done;
  await batch.deleteNamespacedJob({
    name: exportName,
    namespace: sourceNs,
    propagationPolicy: 'Background',
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

type Op = 'backup' | 'restore' | 'clone';

async function main() {
  const kc = new KubeConfig();
  kc.loadFromFile(
    process.env.KUBECONFIG ??
      execFileSync(join(repo, 'scripts/test-cluster'), ['kubeconfig'], {
        encoding: 'utf8',
      }).trim(),
  );
  const cluster = createStoreCluster(kc, config);
  const spec = (id: string) => ({
    id,
    title: 'Bench Shop',
    engine: 'woocommerce' as const,
    size: 'small' as const,
    adminEmail: 'bench@example.com',
  });
  const samples: Record<Op, { ours: number[]; floor: number[] }> = {
    backup: { ours: [], floor: [] },
    restore: { ours: [], floor: [] },
    clone: { ours: [], floor: [] },
  };
  try {
    await Promise.all(
      [source, target].map(id => provisionStore(kc, config, spec(id))),
    );
    // Warm-up: the backup volume, the quota and policies of this version, one backup.
    const first = await backupStore(kc, config, {
      storeId: source,
      size: 'small',
    });
    let floorAt = Date.parse('2001-01-01T00:00:00Z');
    const floorBackupId = () => {
      floorAt += 1000;
      return newBackupId(source, new Date(floorAt));
    };
    const ours: Record<Op, () => Promise<unknown>> = {
      backup: () => backupStore(kc, config, { storeId: source, size: 'small' }),
      restore: () =>
        restoreStore(kc, config, {
          storeId: source,
          size: 'small',
          backupId: first.id,
        }),
      clone: () =>
        restoreStore(kc, config, {
          storeId: target,
          size: 'small',
          backupId: first.id,
          source: { storeId: source, size: 'small' },
        }),
    };
    const floor = (op: Op, i: number): Promise<unknown> => {
      const t = { storeId: source, size: 'small' as const, config };
      if (op === 'backup') {
        const id = floorBackupId();
        return jobFloor(
          kc,
          asFloor(buildBackupJob(t, id), `floor-backup-${i}`),
        );
      }
      if (op === 'restore') {
        return jobFloor(
          kc,
          asFloor(
            buildRestoreJob(t, {
              name: `floor-restore-${i}`,
              backupId: first.id,
              source: { kind: 'volume' },
            }),
            `floor-restore-${i}`,
          ),
        );
      }
      return cloneFloor(kc, first.id, i);
    };
    for (const op of ['backup', 'restore', 'clone'] as const) {
      for (let i = 0; i < ITERATIONS; i++) {
        for (const kind of (i % 2
          ? ['floor', 'ours']
          : ['ours', 'floor']) as Array<'ours' | 'floor'>) {
          const ms = await timed(() =>
            kind === 'ours' ? ours[op]() : floor(op, i),
          );
          samples[op][kind].push(ms);
          console.log(`${op} ${kind} #${i}: ${ms.toFixed(0)} ms`);
        }
      }
    }

    const p = (v: number[], q: number) => percentile(v, q).toFixed(0);
    const rows = (['backup', 'restore', 'clone'] as const)
      .map(op => {
        const s = samples[op];
        const over =
          (percentile(s.ours, 50) / percentile(s.floor, 50) - 1) * 100;
        return `| ${op} | ${p(s.ours, 50)} ms | ${p(s.ours, 95)} ms | ${p(
          s.floor,
          50,
        )} ms | ${p(s.floor, 95)} ms | ${over.toFixed(1)}% |`;
      })
      .join('\n');
    const report = `# Backup, restore and clone benchmark

Generated by \`plugins/store-platform-node/bench/backup.ts\` on ${new Date().toISOString()}.

    BENCH_ITERATIONS=${ITERATIONS} yarn workspace @store-platform/plugin-store-platform-node bench:backup

Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${
      process.version
    }. Cluster: the shared local control plane (\`scripts/test-cluster\`, kube-apiserver + kwok),
its default simulated delays (a pod is ready after 200 ms, a Job's pod is done 1000 ms later):
nothing really dumps or copies, so this measures what the platform adds around the Jobs, not
the data's own time (which grows with the store, the same for both).

"ours" is the node library's operation: \`backupStore\` (namespace check, the store's
NetworkPolicies converged, the backup volume looked up, the Job, a watch-based wait with
diagnostics, the size read back, retention), \`restoreStore\` into the same store (the backup looked up and checked, a running
restore looked for, the Job, the wait), and \`restoreStore\` from another store (a clone's copy:
both namespaces checked, the export Job and its NetworkPolicy, its address awaited, the
restore Job suspended until its own NetworkPolicy exists, the wait, the export removed). The
floor makes the same Jobs and policies with bare \`create\` calls and bare watches, nothing
else. Runs are interleaved (ours, floor, floor, ours, ...), after one warm-up backup.

| operation | ours p50 | ours p95 | floor p50 | floor p95 | over the floor (p50) |
|---|---|---|---|---|---|
${rows}

## Raw samples (ms)

${(['backup', 'restore', 'clone'] as const)
  .map(
    op =>
      `- ${op}, ours: ${samples[op].ours
        .map(v => v.toFixed(0))
        .join(', ')}\n- ${op}, floor: ${samples[op].floor
        .map(v => v.toFixed(0))
        .join(', ')}`,
  )
  .join('\n')}
`;
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, report);
    execFileSync(
      join(repo, 'node_modules/.bin/prettier'),
      ['--write', REPORT],
      {
        stdio: 'ignore',
      },
    );
    console.log(report);
  } finally {
    await Promise.allSettled(
      [source, target].map(id =>
        cluster.deleteStore(id, { timeoutMs: 300_000 }),
      ),
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
