/**
 * Provisioning benchmark (not a test): end-to-end time of one store and of 20
 * concurrent stores on the local control plane, against the critical-path
 * floor measured in the same run, and Kubernetes API requests per store.
 *
 *   yarn workspace @store-platform/plugin-store-platform-node bench
 *
 * Environment:
 *   BENCH_ITERATIONS=8       single-store runs of each kind (ours, floor), interleaved
 *   BENCH_CONCURRENCY=20     stores provisioned at once
 *   BENCH_OWN_CLUSTER=1      start a private cluster (own state dir and ports) so the
 *                            simulated delays can be chosen, then stop it:
 *   TEST_CLUSTER_POD_READY_DELAY_MS, TEST_CLUSTER_JOB_COMPLETE_DELAY_MS (with BENCH_OWN_CLUSTER)
 *   BENCH_REAL_NODE=1        on the real node of `TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up`
 *                            (real containers; its `app-config`: images, ingress class, storage),
 *                            report docs/benchmarks/provisioning-real-node.md
 *   BENCH_REPORT=<path>      where the report goes (default docs/benchmarks/provisioning.md)
 */
import { ConfigReader } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import yaml from 'yaml';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createStoreCluster } from '../src/cluster/storeCluster';
import {
  provisioningConfigWith,
  readProvisioningConfig,
} from '../src/config/provisioningConfig';
import { provisionStore } from '../src/provisionStore';
import { StoreSecrets } from '../src/resources/secrets';
import { buildStoreObjects } from '../src/resources/storeObjects';
import { StoreSpec } from '../src/spec/storeSpec';
import { provisionFloor } from './floor';
import {
  benchCluster,
  clusterDelays,
  countingKubeConfig,
  formatReport,
  percentile,
  repo,
  testCluster,
  timed,
} from './measure';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 8);
// The real node has this machine's CPUs: a small store requests 0.5 CPU, so few fit at once.
const CONCURRENCY = Number(
  process.env.BENCH_CONCURRENCY ??
    (process.env.BENCH_REAL_NODE === '1' ? 2 : 20),
);
const REAL_NODE = process.env.BENCH_REAL_NODE === '1';
const REPORT =
  process.env.BENCH_REPORT ??
  join(repo, `docs/benchmarks/provisioning${REAL_NODE ? '-real-node' : ''}.md`);
/** On the real node, the images, ingress class and StorageClass its app-config gives. */
const config = REAL_NODE
  ? readProvisioningConfig(
      new ConfigReader(
        yaml.parse(
          readFileSync(
            execFileSync(testCluster, ['app-config'], {
              encoding: 'utf8',
            }).trim(),
            'utf8',
          ),
        ),
      ),
    )
  : provisioningConfigWith();
const runTag = Date.now().toString(36).slice(-5);

const spec = (id: string): StoreSpec => ({
  id,
  title: 'Bench Shop',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'bench@example.com',
});

async function main() {
  const own = process.env.BENCH_OWN_CLUSTER === '1' && !REAL_NODE;
  const bench = benchCluster(own);
  const { stateDir, kubeconfigPath } = bench;
  const cleanupKc = new KubeConfig();
  cleanupKc.loadFromFile(kubeconfigPath);
  const cluster = createStoreCluster(cleanupKc, config);
  const made: string[] = [];
  const cleanup = async () => {
    const ids = made.splice(0);
    await Promise.allSettled(
      ids.map(id => cluster.deleteStore(id, { timeoutMs: 300_000 })),
    );
  };

  try {
    // Warm-up: one of each (discovery caches, TLS, controllers' informers)
    for (const kind of ['ours', 'floor'] as const) {
      const id = `bw${kind[0]}-${runTag}`;
      made.push(id);
      const { kc } = countingKubeConfig(kubeconfigPath);
      if (kind === 'ours') await provisionStore(kc, config, spec(id));
      else
        await provisionFloor(
          kc,
          buildStoreObjects(
            { spec: spec(id), config },
            StoreSecrets.generate(),
          ),
        );
    }
    if (REAL_NODE) await cleanup();

    const single = {
      ours: [] as number[],
      floor: [] as number[],
      oursRequests: [] as number[],
      floorRequests: [] as number[],
    };
    for (let i = 0; i < ITERATIONS; i++) {
      for (const kind of (i % 2
        ? ['floor', 'ours']
        : ['ours', 'floor']) as Array<'ours' | 'floor'>) {
        const id = `b${kind[0]}-${runTag}-${i}`;
        made.push(id);
        const { kc, counter } = countingKubeConfig(kubeconfigPath);
        const ms = await timed(() =>
          kind === 'ours'
            ? provisionStore(kc, config, spec(id))
            : provisionFloor(
                kc,
                buildStoreObjects(
                  { spec: spec(id), config },
                  StoreSecrets.generate(),
                ),
              ),
        );
        single[kind].push(ms);
        single[kind === 'ours' ? 'oursRequests' : 'floorRequests'].push(
          counter.requests,
        );
        console.log(
          `single ${kind} #${i}: ${ms.toFixed(0)} ms, ${
            counter.requests
          } requests`,
        );
        // Real pods hold real CPU requests: the next store must not wait for room.
        if (REAL_NODE) await cleanup();
      }
    }
    await cleanup();

    const concurrent: Record<
      'ours' | 'floor',
      { each: number[]; wall: number; requests: number }
    > = {} as any;
    for (const kind of ['ours', 'floor'] as const) {
      const { kc, counter } = countingKubeConfig(kubeconfigPath);
      const each: number[] = [];
      const wall = await timed(() =>
        Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, i) => {
            const id = `c${kind[0]}-${runTag}-${i}`;
            made.push(id);
            each.push(
              await timed(() =>
                kind === 'ours'
                  ? provisionStore(kc, config, spec(id))
                  : provisionFloor(
                      kc,
                      buildStoreObjects(
                        { spec: spec(id), config },
                        StoreSecrets.generate(),
                      ),
                    ),
              ),
            );
          }),
        ),
      );
      concurrent[kind] = { each, wall, requests: counter.requests };
      console.log(
        `${CONCURRENCY} concurrent ${kind}: wall ${wall.toFixed(
          0,
        )} ms, p50 ${percentile(each, 50).toFixed(0)} ms`,
      );
      await cleanup();
    }

    const p = (v: number[], q: number) => percentile(v, q).toFixed(0);
    const oursP50 = percentile(single.ours, 50);
    const floorP50 = percentile(single.floor, 50);
    const overhead = (oursP50 / floorP50 - 1) * 100;
    const oursConcP50 = percentile(concurrent.ours.each, 50);
    const ratio = oursConcP50 / oursP50;
    const delays = clusterDelays(stateDir);
    const command = `${own ? 'BENCH_OWN_CLUSTER=1 ' : ''}${
      REAL_NODE ? 'BENCH_REAL_NODE=1 ' : ''
    }BENCH_ITERATIONS=${ITERATIONS} BENCH_CONCURRENCY=${CONCURRENCY} yarn workspace @store-platform/plugin-store-platform-node bench`;
    const report = `# Provisioning benchmark

Generated by \`plugins/store-platform-node/bench/provisioning.ts\` on ${new Date().toISOString()}.

    ${command}

Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${
      process.version
    }. Cluster: ${
      REAL_NODE
        ? 'the local control plane with its real node (`TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up`: containerd, runc, a kubelet; the test images of `scripts/test-cluster images`): every pod runs its processes, probes included'
        : `${
            own ? 'a private' : 'the shared'
          } local control plane (\`scripts/test-cluster\`, kube-apiserver v1.36 + kwok), simulated delays: ${
            Object.entries(delays)
              .filter(([k]) => /pod-ready|job-pod-succeed/.test(k))
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'unknown'
          }`
    }.

"ours" is \`provisionStore\` (validation, engine plan, step DAG, server-side apply with retry,
watch-based waiters with diagnostics). "floor" (\`bench/floor.ts\`) creates the same objects in the
same dependency order with plain \`create\` calls and bare watches, and nothing else: the time the
cluster itself needs. Single-store runs are interleaved (ours, floor, floor, ours, ...), after one
warm-up of each.

## One store (${ITERATIONS} runs each)

| | p50 | p95 | API requests per store (median) |
|---|---|---|---|
| ours | ${p(single.ours, 50)} ms | ${p(single.ours, 95)} ms | ${percentile(
      single.oursRequests,
      50,
    )} |
| floor | ${p(single.floor, 50)} ms | ${p(single.floor, 95)} ms | ${percentile(
      single.floorRequests,
      50,
    )} |

Overhead over the floor (p50): **${overhead.toFixed(1)}%** (target: within 10%).

## ${CONCURRENCY} stores at once

| | p50 per store | p95 per store | wall time | API requests per store |
|---|---|---|---|---|
| ours | ${p(concurrent.ours.each, 50)} ms | ${p(
      concurrent.ours.each,
      95,
    )} ms | ${concurrent.ours.wall.toFixed(0)} ms | ${(
      concurrent.ours.requests / CONCURRENCY
    ).toFixed(1)} |
| floor | ${p(concurrent.floor.each, 50)} ms | ${p(
      concurrent.floor.each,
      95,
    )} ms | ${concurrent.floor.wall.toFixed(0)} ms | ${(
      concurrent.floor.requests / CONCURRENCY
    ).toFixed(1)} |

${CONCURRENCY} concurrent stores, p50 over the single-store p50: **${ratio.toFixed(
      2,
    )}x** (target: within 1.5x).

## Raw samples (ms)

- ours, one store: ${single.ours.map(v => v.toFixed(0)).join(', ')}
- floor, one store: ${single.floor.map(v => v.toFixed(0)).join(', ')}
- ours, concurrent: ${concurrent.ours.each.map(v => v.toFixed(0)).join(', ')}
- floor, concurrent: ${concurrent.floor.each.map(v => v.toFixed(0)).join(', ')}
`;
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, report);
    formatReport(REPORT);
    console.log(report);
  } finally {
    await cleanup();
    bench.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
