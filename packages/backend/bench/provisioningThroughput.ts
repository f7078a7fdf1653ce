/*
 * Provisioning throughput with one and with two backend replicas on one real
 * PostgreSQL, against the shared simulated cluster: in each configuration
 * BENCH_STORES store tasks are created at once through the real scaffolder,
 * round robin over the replicas, and timed to `ready` (the `ready` entry of
 * each store's history). Also records each replica's CPU time and resident
 * memory (idle after start, peak, after the run) and the machine's busy
 * share. Writes docs/benchmarks/provisioning-throughput.md.
 *
 *   scripts/test-cluster up && export KUBECONFIG=$(scripts/test-cluster kubeconfig)
 *   eval "$(scripts/lib/postgres.sh start)"
 *   yarn workspace backend bench:provisioning
 *
 * Env: BENCH_STORES (20) per configuration, BENCH_SETTLE_S (15): quiet time
 * after start-up before the idle reading and the run.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { testKubeConfig } from '../src/__testUtils__/kube';
import { startReplicasOnPostgres } from '../src/__testUtils__/replicasOnPostgres';
import {
  dropNamespace,
  ownerToken,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../src/__testUtils__/storeApi';
import {
  busyShare,
  describeMachine,
  loadAverages,
  machineCpuTicks,
  mb,
  percentile,
  processCpuSeconds,
  processMemory,
  ProcessMemory,
  seconds,
  sleep,
} from './processStats';

const repoRoot = resolve(__dirname, '../../..');
const STORES = Number(process.env.BENCH_STORES ?? 20);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 15) * 1000;
const RUN_LIMIT_MS = 20 * 60_000;
/** The scaffolder's default: tasks one replica runs at once. */
const TASKS_PER_REPLICA = 10;

interface ReplicaFigures {
  /** Scaffolder tasks of the burst this replica executed (wherever they were created). */
  tasksRun: number;
  idle: ProcessMemory;
  peakRssMb: number;
  after: ProcessMemory;
  cpuSeconds: number;
}

interface ConfigurationResult {
  replicas: number;
  /** One store alone, before the burst: the floor on this machine now. */
  soloMs: number;
  ready: number;
  failed: string[];
  /** From the first task created to the last store settled. */
  wallMs: number;
  /** Per store: from the first task created to its `ready` entry. */
  readyMs: number[];
  /** The most stores of the burst between registered and settled at one time. */
  mostInFlight: number;
  perReplica: ReplicaFigures[];
  machineBusy: number;
  loadBefore: string;
  loadAfter: string;
}

/** Time from `since` to the store's `ready` (or `failed`) entry in its history. */
async function settledEntry(
  stores: ReturnType<typeof storeApi>,
  id: string,
  since: number,
): Promise<
  { to: string; ms: number; registeredMs: number; message?: string } | undefined
> {
  const events = (await stores.events(id)).json?.items ?? [];
  // The entry that created the store: its task's first step.
  const registered = events.find((e: { from: string | null }) => !e.from);
  const registeredMs = registered ? Date.parse(registered.at) - since : NaN;
  const end = events.find(
    (e: { to: string }) => e.to === 'ready' || e.to === 'failed',
  );
  const last = events[events.length - 1];
  return end
    ? {
        to: end.to,
        ms: Date.parse(end.at) - since,
        registeredMs,
        message: end.message,
      }
    : last && { to: last.to, ms: NaN, registeredMs, message: last.message };
}

/** The most intervals open at one time: stores between registered and settled. */
function mostAtOnce(intervals: Array<[number, number]>): number {
  const edges = intervals
    .filter(([from, to]) => !Number.isNaN(from) && !Number.isNaN(to))
    .flatMap(
      ([from, to]): Array<[number, number]> => [
        [from, 1],
        [to, -1],
      ],
    )
    // At one instant an end comes before a start.
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of edges) {
    open += step;
    most = Math.max(most, open);
  }
  return most;
}

/**
 * The task ids a replica executed, from its log: the scaffolder's audit event
 * for a task's execution is written by the replica whose worker claimed it.
 */
function tasksExecutedBy(output: string, taskIds: string[]): number {
  const executed = new Set(
    [
      ...output.matchAll(
        /"actionType":"execution"[^}]*?"taskId":"([0-9a-f-]+)"/g,
      ),
    ].map(m => m[1]),
  );
  return taskIds.filter(id => executed.has(id)).length;
}

async function runConfiguration(
  replicaCount: number,
  kubeconfigPath: string,
  core: CoreV1Api,
): Promise<ConfigurationResult> {
  const replicas = await startReplicasOnPostgres(
    replicaCount,
    [
      'storePlatform:',
      `  kubernetes: { mode: kubeconfig, kubeconfigPath: '${kubeconfigPath}' }`,
      // As app-config.production.yaml: a dead replica's task is resumed by another.
      'scaffolder:',
      '  taskRecovery: { enabled: true, staleTimeout: { seconds: 30 } }',
    ].join('\n'),
  );
  const run = `tp${replicaCount}-${unique()}`;
  const ids = Array.from({ length: STORES }, (_, i) => `${run}-${i}`);
  const { backends } = replicas;
  try {
    const people = await Promise.all(
      backends.map(async backend => {
        const token = await ownerToken(backend.baseUrl);
        return {
          stores: storeApi(backend.baseUrl, token),
          tasks: taskApi(backend.baseUrl, token),
        };
      }),
    );
    const observer = people[0].stores;
    console.error(
      `[bench] ${replicaCount} replica(s) up; settling ${seconds(SETTLE_MS)}`,
    );
    await sleep(SETTLE_MS);
    const idle = backends.map(b => processMemory(b.pid));

    // One store alone first: the floor for one provisioning on this machine
    // now, and a warm-up (the first task loads the template and the actions).
    const soloId = `${run}-solo`;
    const soloStarted = Date.now();
    const soloTask = await people[0].tasks.start(storeForm(soloId));
    await people[0].tasks.settled(soloTask, 300_000);
    const solo = await settledEntry(observer, soloId, soloStarted);
    if (solo?.to !== 'ready') {
      throw new Error(`the solo store did not become ready: ${solo?.message}`);
    }
    await sleep(5000);

    const cpuBefore = backends.map(b => processCpuSeconds(b.pid));
    const peakRss = idle.map(m => m.rssMb);
    const sampler = setInterval(() => {
      backends.forEach((b, i) => {
        peakRss[i] = Math.max(peakRss[i], processMemory(b.pid).rssMb);
      });
    }, 1000);
    const loadBefore = loadAverages();
    const machineBefore = machineCpuTicks();

    const startedAt = Date.now();
    const taskIds = await Promise.all(
      ids.map((id, i) => people[i % people.length].tasks.start(storeForm(id))),
    );
    // One list request a second, as an open stores page would poll.
    const settled = new Set<string>();
    while (settled.size < ids.length && Date.now() - startedAt < RUN_LIMIT_MS) {
      const page = await observer.call(
        'GET',
        `/stores?q=${encodeURIComponent(run)}&limit=200`,
      );
      for (const store of page.json?.items ?? []) {
        if (store.status === 'ready' || store.status === 'failed') {
          settled.add(store.id);
        }
      }
      await sleep(1000);
    }
    const outcomes = await Promise.all(
      taskIds.map(t =>
        people[0].tasks.settled(t, 120_000).catch(() => 'unsettled'),
      ),
    );
    clearInterval(sampler);
    const machineAfter = machineCpuTicks();
    const loadAfter = loadAverages();

    // Exact times from each store's history, not the 1 s polling.
    const readyMs: number[] = [];
    const inFlight: Array<[number, number]> = [];
    const failed: string[] = [];
    let lastSettled = startedAt;
    for (const [i, id] of ids.entries()) {
      const end = await settledEntry(observer, id, startedAt);
      if (end && !Number.isNaN(end.ms)) {
        lastSettled = Math.max(lastSettled, startedAt + end.ms);
      }
      if (end) inFlight.push([end.registeredMs, end.ms]);
      if (end?.to === 'ready') readyMs.push(end.ms);
      else {
        failed.push(
          `${id}: ${end?.to ?? 'no history'}${
            end?.message ? ` (${end.message})` : ''
          }, task ${outcomes[i]}`,
        );
      }
    }
    const result: ConfigurationResult = {
      replicas: replicaCount,
      soloMs: solo.ms,
      ready: readyMs.length,
      failed,
      wallMs: lastSettled - startedAt,
      readyMs,
      mostInFlight: mostAtOnce(inFlight),
      perReplica: backends.map((b, i) => ({
        tasksRun: tasksExecutedBy(b.output(), taskIds),
        idle: idle[i],
        peakRssMb: peakRss[i],
        after: processMemory(b.pid),
        cpuSeconds: processCpuSeconds(b.pid) - cpuBefore[i],
      })),
      machineBusy: busyShare(machineBefore, machineAfter),
      loadBefore,
      loadAfter,
    };
    console.error(
      `[bench] ${replicaCount} replica(s): ${
        result.ready
      }/${STORES} ready in ${seconds(result.wallMs)}; removing the stores`,
    );

    // Clean up through the product, so the next configuration starts on a quiet cluster.
    await Promise.all([soloId, ...ids].map(id => observer.remove(id)));
    await Promise.all(
      [soloId, ...ids].map(id =>
        observer
          .waitFor(id, status => status === 'gone', 10 * 60_000)
          .catch(() => undefined),
      ),
    );
    return result;
  } finally {
    await replicas.stop();
    for (const id of [`${run}-solo`, ...ids]) await dropNamespace(core, id);
  }
}

function configurationRows(results: ConfigurationResult[]): string[] {
  const cell = (f: (r: ConfigurationResult) => string) =>
    results.map(f).join(' | ');
  const perMinute = (r: ConfigurationResult) =>
    (r.ready / (r.wallMs / 60_000)).toFixed(1);
  return [
    `| figure | ${cell(
      r => `${r.replicas} replica${r.replicas > 1 ? 's' : ''}`,
    )} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
    `| one store alone first (floor, and warm-up), to ready | ${cell(r =>
      seconds(r.soloMs),
    )} |`,
    `| stores of the burst ready / asked | ${cell(
      r => `${r.ready} / ${STORES}`,
    )} |`,
    `| task slots: tasks that can run at once (scaffolder default ${TASKS_PER_REPLICA} per replica) | ${cell(
      r => `${Math.min(STORES, TASKS_PER_REPLICA * r.replicas)}`,
    )} |`,
    `| first task created to last store ready | ${cell(r =>
      seconds(r.wallMs),
    )} |`,
    `| **throughput** | ${cell(r => `**${perMinute(r)} stores/min**`)} |`,
    `| time to ready, p50 | ${cell(r => seconds(percentile(r.readyMs, 50)))} |`,
    `| time to ready, p95 | ${cell(r => seconds(percentile(r.readyMs, 95)))} |`,
    `| time to ready, fastest / slowest | ${cell(
      r =>
        `${seconds(Math.min(...r.readyMs))} / ${seconds(
          Math.max(...r.readyMs),
        )}`,
    )} |`,
    `| most stores provisioning at once (registered, not yet settled) | ${cell(
      r => `${r.mostInFlight}`,
    )} |`,
    `| burst tasks executed, per replica (whoever created them) | ${cell(r =>
      r.perReplica.map(p => `${p.tasksRun}`).join(' + '),
    )} |`,
    `| backend CPU time during the run, per replica | ${cell(r =>
      r.perReplica.map(p => `${p.cpuSeconds.toFixed(0)} s`).join(' + '),
    )} |`,
    `| machine CPU busy during the run (both cores, everything on them) | ${cell(
      r => `${(r.machineBusy * 100).toFixed(0)} %`,
    )} |`,
    `| load average before → after (1, 5, 15 min) | ${cell(
      r => `${r.loadBefore} → ${r.loadAfter}`,
    )} |`,
    `| RSS per replica, idle after start | ${cell(r =>
      r.perReplica.map(p => mb(p.idle.rssMb)).join(' + '),
    )} |`,
    `| RSS per replica, peak during the run (sampled each second) | ${cell(r =>
      r.perReplica.map(p => mb(p.peakRssMb)).join(' + '),
    )} |`,
    `| RSS per replica, after the run / VmHWM | ${cell(r =>
      r.perReplica
        .map(p => `${mb(p.after.rssMb)} / ${mb(p.after.peakRssMb)}`)
        .join(' + '),
    )} |`,
  ];
}

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;

/** What the numbers say, computed from them; the mechanisms named are the code's. */
function reading(results: ConfigurationResult[]): string[] {
  const lines = ['## Reading', ''];
  const cores = cpus().length;
  const used = results
    .map(
      r =>
        `${r.perReplica
          .reduce((sum, p) => sum + p.cpuSeconds, 0)
          .toFixed(0)} of ${((cores * r.wallMs) / 1000).toFixed(0)}`,
    )
    .join(' and ');
  lines.push(
    `- **The CPU is shared.** The machine's ${cores} cores were busy ${results
      .map(r => `${percent(r.machineBusy)} (${r.replicas})`)
      .join(
        ' and ',
      )} of the time during the bursts, while the backends themselves used only ${used} CPU seconds available (1 and 2 replicas): the rest went to the simulated control plane (kube-apiserver, etcd, kube-controller-manager, kwok), PostgreSQL, this benchmark's polling and other engineers' jobs on the same cores. Stores in flight share what is left, so each one is slower in a burst than alone.`,
  );
  const two = results.find(r => r.replicas === 2);
  if (two) {
    lines.push(
      `- **Who runs a task is the scaffolder's choice, not the load balancer's.** With two replicas the burst's tasks were executed ${two.perReplica
        .map(p => p.tasksRun)
        .join(
          ' + ',
        )} by replica, though each replica created half of them. A replica's scaffolder worker looks for a task only when a task is created in its own process or, with every slot busy, when one of its tasks ends; it does not poll. Then it reads any \`open\` task from the shared table (no ordering, no \`SKIP LOCKED\`) and sets it \`processing\`; when the other replica took that row first, the update changes nothing and the worker goes back to waiting for a task created in its own process (\`DatabaseTaskStore.claimTask\`, \`StorageTaskBroker.claim\` in @backstage/plugin-scaffolder-backend). So a replica that loses such a race with free slots sleeps, however many tasks are still open, and a burst can end up run mostly by one replica${
        Math.min(...two.perReplica.map(p => p.tasksRun)) < STORES / 3
          ? `; in this run the slots of one replica stayed mostly idle`
          : ''
      }.`,
    );
  }
  lines.push(
    `- **What bounds throughput here** is the number of stores in flight (at most ${TASKS_PER_REPLICA} per replica whose worker is claiming: ${results
      .map(r => `${r.mostInFlight} at most with ${r.replicas}`)
      .join(
        ', ',
      )} in this run) times how fast each one's steps go on a CPU shared with the simulated control plane (the median store of a burst took ${results
      .map(r => `${(percentile(r.readyMs, 50) / r.soloMs).toFixed(1)}x`)
      .join(
        ' and ',
      )} its solo time). A second replica adds availability (a dead replica's tasks and deletions are taken over, docs/resilience.md); it adds provisioning throughput only when both replicas' workers claim tasks and the CPU has room. On a real cluster a store spends minutes waiting for images and the WooCommerce install (provisioning-real-node.md) while the backend waits on watches, so the task slots become the limit: ${TASKS_PER_REPLICA} stores in flight per claiming replica unless \`scaffolder.concurrentTasksLimit\` is raised.`,
    '',
  );
  return lines;
}

async function main() {
  const kubeconfigPath = process.env.KUBECONFIG;
  if (!kubeconfigPath) {
    throw new Error(
      'KUBECONFIG is not set: scripts/test-cluster up && export KUBECONFIG=$(scripts/test-cluster kubeconfig)',
    );
  }
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  const results: ConfigurationResult[] = [];
  for (const replicaCount of [1, 2]) {
    results.push(await runConfiguration(replicaCount, kubeconfigPath, core));
  }
  const failures = results.flatMap(r =>
    r.failed.map(f => `- ${r.replicas} replica(s): ${f}`),
  );

  const report = [
    '# Provisioning throughput: one and two replicas',
    '',
    `Measured ${new Date().toISOString()} by \`yarn workspace backend bench:provisioning\``,
    '(`packages/backend/bench/provisioningThroughput.ts`), on this machine:',
    `${describeMachine()}, shared with other engineers' work (load averages below).`,
    '',
    `In each configuration, ${STORES} store tasks are created at once through the real scaffolder`,
    '(`POST /api/scaffolder/v2/tasks`, the store template), round robin over the replicas; the',
    'replicas are real backend processes (`startReplicasOnPostgres`, no file watcher) on one real',
    'PostgreSQL (`scripts/lib/postgres.sh`), reaching the shared simulated cluster',
    '(`scripts/test-cluster`: kube-apiserver with kwok, one fake node; a scheduled pod turns',
    "Running and Ready after 200 ms, a Job's pod completes after 1000 ms, a deleted pod goes at",
    "once). Time to ready is from the first task created to the `ready` entry in the store's",
    'history; throughput is ready stores over the time to the last one. The stores are deleted',
    'through the API before the next configuration starts.',
    '',
    ...configurationRows(results),
    '',
    failures.length
      ? ['Stores that did not end ready:', '', ...failures, ''].join('\n')
      : 'Every store ended ready.',
    '',
    ...reading(results),
  ].join('\n');
  writeFileSync(
    join(repoRoot, 'docs/benchmarks/provisioning-throughput.md'),
    report,
  );
  console.log(report);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
