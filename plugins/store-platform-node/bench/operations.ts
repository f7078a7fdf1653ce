/**
 * Day-two operations benchmark (not a test): the time of each operation's
 * Kubernetes work on the local control plane, ours against its floor (the same
 * calls by a bare script, bench/operationFloors.ts), measured side by side in
 * one run, with API requests per operation.
 *
 *   yarn workspace @store-platform/plugin-store-platform-node bench:operations
 *
 * Environment:
 *   BENCH_ITERATIONS=5       rounds; each round runs every operation once on our store and once
 *                            on the floor's, alternating which goes first
 *   BENCH_OWN_CLUSTER=1      a private cluster (own state dir and ports), started and stopped here
 *   BENCH_REPORT=<path>      default docs/benchmarks/operations.md
 */
import { KubeConfig } from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createStoreCluster } from '../src/cluster/storeCluster';
import {
  ProvisioningConfig,
  provisioningConfigWith,
} from '../src/config/provisioningConfig';
import { backupStore } from '../src/operations/backupStore';
import { resizeStore } from '../src/operations/resizeStore';
import { restoreStore } from '../src/operations/restoreStore';
import { resumeStore } from '../src/operations/resumeStore';
import { suspendStore } from '../src/operations/suspendStore';
import { transferStore } from '../src/operations/transferStore';
import { upgradeStore } from '../src/operations/upgradeStore';
import { provisionStore } from '../src/provisionStore';
import { newBackupId } from '../src/resources/backupIds';
import { restoreJobName } from '../src/resources/backupJobs';
import { BuildContext } from '../src/resources/context';
import {
  benchCluster,
  clusterDelays,
  countingKubeConfig,
  formatReport,
  percentile,
  repo,
  timed,
} from './measure';
import {
  backupFloor,
  resizeFloor,
  restoreFloor,
  resumeFloor,
  suspendFloor,
  transferFloor,
  upgradeFloor,
} from './operationFloors';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5);
const REPORT =
  process.env.BENCH_REPORT ?? join(repo, 'docs/benchmarks/operations.md');
const runTag = Date.now().toString(36).slice(-5);

/** Two image sets the upgrade moves between, round after round. */
const IMAGE_SETS = [
  { wordpress: 'wordpress:6.6-bench', mariadb: 'mariadb:10.11-bench' },
  { wordpress: 'wordpress:6.7-bench', mariadb: 'mariadb:10.11.9-bench' },
];

const OPERATIONS = [
  'suspend',
  'resume',
  'resize',
  'backup',
  'restore',
  'upgrade',
  'transfer',
] as const;
type Operation = (typeof OPERATIONS)[number];
type Kind = 'ours' | 'floor';

interface Round {
  /** The size the store has now, and the one this round resizes it to. */
  size: StoreSize;
  next: StoreSize;
  /** The config of this round's upgrade (its images are the ones to move to). */
  upgradeConfig: ProvisioningConfig;
  /** The backup this round made, which its restore loads. */
  backupId?: string;
  /** The first round's backup makes the backup volume. */
  first: boolean;
  owner: string;
}

function buildContext(
  id: string,
  size: StoreSize,
  config: ProvisioningConfig,
): BuildContext {
  return {
    spec: {
      id,
      title: 'Bench Shop',
      engine: 'woocommerce',
      size,
      adminEmail: 'bench@example.com',
    },
    config,
  };
}

/** One operation on `id`, ours or the floor, returning when it is done. */
async function runOperation(
  kind: Kind,
  op: Operation,
  kc: KubeConfig,
  id: string,
  config: ProvisioningConfig,
  round: Round,
): Promise<void> {
  const ours = kind === 'ours';
  switch (op) {
    case 'suspend':
      return void (ours
        ? await suspendStore(kc, config, id)
        : await suspendFloor(kc, id));
    case 'resume':
      return void (ours
        ? await resumeStore(kc, config, id)
        : await resumeFloor(kc, id));
    case 'resize':
      return void (ours
        ? await resizeStore(kc, config, id, round.next)
        : await resizeFloor(kc, buildContext(id, round.next, config)));
    case 'backup': {
      const backupId = newBackupId(id);
      round.backupId = backupId;
      return void (ours
        ? await backupStore(kc, config, {
            storeId: id,
            size: round.next,
            backupId,
          })
        : await backupFloor(
            kc,
            buildContext(id, round.next, config),
            backupId,
            round.first,
          ));
    }
    case 'restore':
      return void (ours
        ? await restoreStore(kc, config, {
            storeId: id,
            size: round.next,
            backupId: round.backupId!,
          })
        : await restoreFloor(
            kc,
            buildContext(id, round.next, config),
            round.backupId!,
            restoreJobName(new Date()),
          ));
    case 'upgrade':
      return void (ours
        ? await upgradeStore(kc, round.upgradeConfig, id, {})
        : await upgradeFloor(
            kc,
            buildContext(id, round.next, round.upgradeConfig),
            // A second in a new id: the round's own backup came just before.
            newBackupId(id, new Date(Date.now() + 1000)),
          ));
    case 'transfer':
      return void (ours
        ? await transferStore(kc, id, {
            owner: round.owner,
            installation: config.installation,
          })
        : await transferFloor(kc, id, round.owner));
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

async function main() {
  const own = process.env.BENCH_OWN_CLUSTER === '1';
  const bench = benchCluster(own);
  const base = provisioningConfigWith({ images: IMAGE_SETS[0] });
  const cleanupKc = new KubeConfig();
  cleanupKc.loadFromFile(bench.kubeconfigPath);
  const ids: Record<Kind, string> = {
    ours: `op-o-${runTag}`,
    floor: `op-f-${runTag}`,
  };
  const samples = {} as Record<Operation, Record<Kind, number[]>>;
  const requests = {} as Record<Operation, Record<Kind, number[]>>;
  for (const op of OPERATIONS) {
    samples[op] = { ours: [], floor: [] };
    requests[op] = { ours: [], floor: [] };
  }

  try {
    for (const kind of ['ours', 'floor'] as const) {
      const { kc } = countingKubeConfig(bench.kubeconfigPath);
      await provisionStore(kc, base, {
        id: ids[kind],
        title: 'Bench Shop',
        engine: 'woocommerce',
        size: 'small',
        adminEmail: 'bench@example.com',
      });
    }
    let size: StoreSize = 'small';
    for (let i = 0; i < ITERATIONS; i++) {
      const next: StoreSize = size === 'small' ? 'medium' : 'small';
      const round: Record<Kind, Round> = {
        ours: {
          size,
          next,
          upgradeConfig: provisioningConfigWith({
            images: IMAGE_SETS[(i + 1) % 2],
          }),
          owner: `group:default/bench-${i % 2}`,
          first: i === 0,
        },
        floor: {
          size,
          next,
          upgradeConfig: provisioningConfigWith({
            images: IMAGE_SETS[(i + 1) % 2],
          }),
          owner: `group:default/bench-${i % 2}`,
          first: i === 0,
        },
      };
      for (const op of OPERATIONS) {
        const order: Kind[] = i % 2 ? ['floor', 'ours'] : ['ours', 'floor'];
        for (const kind of order) {
          const { kc, counter } = countingKubeConfig(bench.kubeconfigPath);
          // The store runs the images of the round before; resize and the rest use them.
          const config = provisioningConfigWith({
            images: IMAGE_SETS[i % 2],
          });
          const ms = await timed(() =>
            runOperation(kind, op, kc, ids[kind], config, round[kind]),
          );
          samples[op][kind].push(ms);
          requests[op][kind].push(counter.requests);
          console.log(
            `round ${i} ${op} ${kind}: ${ms.toFixed(0)} ms, ${
              counter.requests
            } requests`,
          );
        }
      }
      size = next;
    }
  } finally {
    const cluster = createStoreCluster(cleanupKc, base);
    await Promise.allSettled(
      Object.values(ids).map(id =>
        cluster.deleteStore(id, { timeoutMs: 300_000 }),
      ),
    );
  }

  const p = (v: number[], q: number) => percentile(v, q).toFixed(0);
  const rows = OPERATIONS.map(op => {
    const ours = percentile(samples[op].ours, 50);
    const floor = percentile(samples[op].floor, 50);
    return `| ${op} | ${p(samples[op].ours, 50)} ms | ${p(
      samples[op].ours,
      95,
    )} ms | ${p(samples[op].floor, 50)} ms | ${p(
      samples[op].floor,
      95,
    )} ms | ${((ours / floor - 1) * 100).toFixed(1)}% | ${percentile(
      requests[op].ours,
      50,
    )} / ${percentile(requests[op].floor, 50)} |`;
  });
  const delays = clusterDelays(bench.stateDir);
  const report = `# Day-two operations benchmark

Generated by \`plugins/store-platform-node/bench/operations.ts\` on ${new Date().toISOString()}.

    ${
      own ? 'BENCH_OWN_CLUSTER=1 ' : ''
    }BENCH_ITERATIONS=${ITERATIONS} yarn workspace @store-platform/plugin-store-platform-node bench:operations

Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${
    process.version
  }. Cluster: ${
    own ? 'a private' : 'the shared'
  } local control plane (\`scripts/test-cluster\`, kube-apiserver v1.36 + kwok), simulated delays: ${
    Object.entries(delays)
      .filter(([k]) => /pod-ready|job-pod-succeed|pod-delete/.test(k))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'unknown'
  }.

"ours" is the node library's operation (\`suspendStore\`, \`resumeStore\`, \`resizeStore\`,
\`backupStore\`, \`restoreStore\`, \`upgradeStore\`, \`transferStore\`): it reads the live store
first (to refuse a store of another install or a resize that does not fit), applies with retries,
waits with watch-based waiters with diagnostics, and records what it did (the replicas to restore,
the backup's size, the size on the namespace). "floor" (\`bench/operationFloors.ts\`) makes the same
writes in the same order with plain calls and bare watches, and nothing else. Each round runs every
operation once on each side, on a store of its own, alternating which side goes first; the store
alternates between small and medium, and its images between two sets, so every round changes
something. What the scaffolder adds around them (the operation lease, heartbeats, the history
entry: three calls to the store API) is not in these numbers.

## ${ITERATIONS} rounds

| operation | ours p50 | ours p95 | floor p50 | floor p95 | over the floor (p50) | API requests, ours / floor (median) |
|---|---|---|---|---|---|---|
${rows.join('\n')}

A retry is a provisioning of the same objects (re-applied, the Secret kept): its time is the
provisioning benchmark's (\`docs/benchmarks/provisioning.md\`).

## Raw samples (ms)

${OPERATIONS.map(
  op =>
    `- ${op}, ours: ${samples[op].ours
      .map(v => v.toFixed(0))
      .join(', ')}; floor: ${samples[op].floor
      .map(v => v.toFixed(0))
      .join(', ')}`,
).join('\n')}
`;
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, report);
  formatReport(REPORT);
  console.log(report);
  bench.stop();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
