/*
 * Memory per replica with 10,000 stores: seeds them into a real PostgreSQL,
 * starts two backend replicas on it (no cluster: made-up stores must not
 * reach a real one), and reads each replica's resident memory (VmRSS, and
 * VmHWM, its high-water mark) just after start, while the catalog ingests the
 * stores, idle once it holds them, while BENCH_CLIENTS clients load the
 * stores page against both (the list request and the catalog links of its
 * page, as the page sends them), and idle again afterwards. Writes
 * docs/benchmarks/replica-memory.md.
 *
 *   eval "$(scripts/lib/postgres.sh start)"
 *   yarn workspace backend bench:memory
 *
 * Env: BENCH_STORES (10000), BENCH_CLIENTS (8), BENCH_SERVE_S (60),
 * BENCH_CATALOG_WAIT_S (900), BENCH_SETTLE_S (20).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
// The plugin's own seed, as its benchmarks use it; benchmarks are not published.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  dropDatabasesWithPrefix,
  seededPostgresDatabase,
} from '@store-platform/plugin-store-platform-backend/bench/seededPostgresDatabase';
import { fitSeedToStoresPage } from './storesPageSeed';
import { startReplicasOnPostgres } from '../src/__testUtils__/replicasOnPostgres';
import { RunningBackend } from '../src/__testUtils__/startBackend';
import { ownerToken } from '../src/__testUtils__/storeApi';
import yaml from 'yaml';
import {
  busyShare,
  describeMachine,
  loadAverages,
  machineCpuTicks,
  mb,
  percentile,
  processMemory,
  seconds,
  sleep,
} from './processStats';

const repoRoot = resolve(__dirname, '../../..');
const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const STORES = Number(process.env.BENCH_STORES ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SERVE_MS = Number(process.env.BENCH_SERVE_S ?? 60) * 1000;
const CATALOG_WAIT_MS = Number(process.env.BENCH_CATALOG_WAIT_S ?? 900) * 1000;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 20) * 1000;

/** The requests the stores page sends for one view: its list query. */
const PAGE_VIEWS = [
  'orderBy=updatedAt&order=desc&limit=50',
  'mine=true&orderBy=updatedAt&order=desc&limit=50',
  'status=failed&orderBy=updatedAt&order=desc&limit=50',
  'q=store%2099&orderBy=updatedAt&order=desc&limit=50',
  'orderBy=title&limit=50',
  'orderBy=owner&limit=50&offset=5000',
];

/** One view of the stores page: its list request, then the catalog links of the page. */
async function loadPage(baseUrl: string, token: string, query: string) {
  const headers = { authorization: `Bearer ${token}` };
  const list = await fetch(`${baseUrl}/api/store-platform/stores?${query}`, {
    headers,
  });
  if (list.status !== 200) return false;
  const page = await list.json();
  const links = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      entityRefs: page.items.map(
        (s: { id: string }) => `resource:default/${s.id}`,
      ),
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    }),
  });
  await links.arrayBuffer();
  return links.status === 200;
}

async function catalogResourceCount(baseUrl: string, token: string) {
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-query?filter=kind=resource&limit=1`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return res.status === 200 ? Number((await res.json()).totalItems) : 0;
}

/** Resident memory of every replica now, and the largest seen while `during` ran. */
async function watchMemory<T>(
  backends: RunningBackend[],
  during: () => Promise<T>,
): Promise<{ value: T; peakRssMb: number[] }> {
  const peak = backends.map(b => processMemory(b.pid).rssMb);
  const timer = setInterval(() => {
    backends.forEach((b, i) => {
      peak[i] = Math.max(peak[i], processMemory(b.pid).rssMb);
    });
  }, 1000);
  try {
    return { value: await during(), peakRssMb: peak };
  } finally {
    clearInterval(timer);
  }
}

/** The memory limit the chart gives each API replica (helm/store-platform/values.yaml). */
function chartMemoryLimit(): string {
  const values = yaml.parse(
    readFileSync(join(repoRoot, 'helm/store-platform/values.yaml'), 'utf8'),
  );
  return String(values?.api?.resources?.limits?.memory ?? 'none');
}

async function main() {
  const url = process.env[PG_ENV];
  if (!url) {
    throw new Error(
      `${PG_ENV} is not set: start PostgreSQL with eval "$(scripts/lib/postgres.sh start)"`,
    );
  }
  const prefix = `replica_memory_bench_${process.pid}_`;
  const seedStarted = performance.now();
  const pgVersion = await seededPostgresDatabase({
    url,
    name: `${prefix}store-platform`,
    count: STORES,
    adjust: fitSeedToStoresPage,
  }).catch(async error => {
    await dropDatabasesWithPrefix(url, prefix);
    throw error;
  });
  console.error(
    `[bench] seeded ${STORES} stores in ${seconds(
      performance.now() - seedStarted,
    )}`,
  );

  const replicas = await startReplicasOnPostgres(
    2,
    [
      'storePlatform:',
      '  kubernetes: { mode: kubeconfig, kubeconfigPath: /nonexistent/replica-memory-bench }',
      '  reconciler: { stuckAfterMinutes: 100000000 }',
    ].join('\n'),
    { prefix },
  );
  const { backends } = replicas;
  try {
    const started = backends.map(b => processMemory(b.pid));
    const tokens = await Promise.all(backends.map(b => ownerToken(b.baseUrl)));

    // Each replica runs the catalog's processing loop; both share its database.
    const ingest = await watchMemory(backends, async () => {
      const waitStarted = performance.now();
      let held = 0;
      while (performance.now() - waitStarted < CATALOG_WAIT_MS) {
        held = await catalogResourceCount(backends[0].baseUrl, tokens[0]);
        if (held >= STORES) break;
        await sleep(5000);
      }
      return { held, ms: performance.now() - waitStarted };
    });
    console.error(
      `[bench] catalog holds ${ingest.value.held} stores after ${seconds(
        ingest.value.ms,
      )}; settling`,
    );
    await sleep(SETTLE_MS);
    const idleIngested = backends.map(b => processMemory(b.pid));

    const machineBefore = machineCpuTicks();
    const serve = await watchMemory(backends, async () => {
      const latencies: number[] = [];
      let errors = 0;
      const until = performance.now() + SERVE_MS;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          const replica = client % backends.length;
          for (let view = client; performance.now() < until; view++) {
            const t0 = performance.now();
            const ok = await loadPage(
              backends[replica].baseUrl,
              tokens[replica],
              PAGE_VIEWS[view % PAGE_VIEWS.length],
            ).catch(() => false);
            latencies.push(performance.now() - t0);
            if (!ok) errors++;
          }
        }),
      );
      return { latencies, errors };
    });
    const machineBusy = busyShare(machineBefore, machineCpuTicks());
    const afterServing = backends.map(b => processMemory(b.pid));
    await sleep(SETTLE_MS);
    const idleAfter = backends.map(b => processMemory(b.pid));
    const load = loadAverages();

    const { latencies, errors } = serve.value;
    const each = (f: (i: number) => number) =>
      backends.map((_, i) => `${f(i) >= 0 ? '+' : ''}${mb(f(i))}`).join(' / ');
    const highest = Math.max(...idleAfter.map(m => m.peakRssMb));
    const limit = chartMemoryLimit();
    const limitMatch = /^(\d+)(Mi|Gi)$/.exec(limit);
    const limitMb =
      limitMatch && Number(limitMatch[1]) * (limitMatch[2] === 'Gi' ? 1024 : 1);
    const reading = [
      '## Reading',
      '',
      `- **Memory grows with the catalog's copy of the stores.** From just started to idle with the catalog holding the ${STORES} stores, each replica grew by ${each(
        i => idleIngested[i].rssMb - started[i].rssMb,
      )}. Every replica runs the catalog's processing loop and the store provider's sync over the shared database; this run does not tell their shares apart (a heap snapshot would).`,
      `- **Serving the stores page** to ${CLIENTS} clients: ${each(
        i => serve.peakRssMb[i] - idleIngested[i].rssMb,
      )} at peak over the idle reading before it; ${seconds(
        SETTLE_MS,
      )} after serving, ${each(
        i => idleAfter[i].rssMb - idleIngested[i].rssMb,
      )} against that same reading. Each view asks for one page of 50 stores and 50 catalog refs, whatever the total, so what one view holds is bounded by the page size, not by the number of stores; between readings the resident set moves as much with V8's garbage collection (a grown heap is kept, or returned, at its own pace) as with the load.`,
      `- **Size a replica by its high-water mark** (VmHWM), ${mb(
        highest,
      )} here, not by the idle figure of an empty install.`,
      `- The chart limits each API replica to ${limit} (\`api.resources.limits.memory\`). These replicas run from source through Backstage's transform, as \`yarn start\` does, not from the production bundle the image runs, so they are an upper estimate${
        limitMb && highest > 0.8 * limitMb
          ? `; still, at ${STORES} stores the high-water mark is ${(
              (highest / limitMb) *
              100
            ).toFixed(
              0,
            )} % of that limit: an installation of that size should measure its image and raise the limit if needed`
          : ''
      }.`,
      '',
    ];
    const cells = (values: string[]) => `| ${values.join(' | ')} |`;
    const row = (name: string, values: number[]) =>
      `| ${name} ${cells(values.map(mb))}`;
    const report = [
      '# Memory per replica',
      '',
      `Measured ${new Date().toISOString()} by \`yarn workspace backend bench:memory\``,
      '(`packages/backend/bench/replicaMemory.ts`), on this machine:',
      `${describeMachine()}, shared with other engineers' work (load averages ${load} at the end).`,
      '',
      `${STORES} stores seeded straight into the plugin's tables on PostgreSQL ${pgVersion} (as the`,
      "stores page benchmark does: 100 owners, one of them the guest's group), then two real backend",
      "replicas on that one PostgreSQL (`startReplicasOnPostgres`, no file watcher, each plugin's",
      'connection pool at most 3), with no cluster behind them. Resident memory is `VmRSS` of each',
      'replica\'s Node process from `/proc/<pid>/status` (the replica is that one process); "peak" is',
      "the largest of one reading a second, and `VmHWM` is the kernel's own high-water mark.",
      '',
      cells(['moment', 'replica 1', 'replica 2']),
      '|---|---:|---:|',
      row(
        'just started (ready, 10,000 stores in the database, catalog empty)',
        started.map(m => m.rssMb),
      ),
      row(
        `peak while the catalog ingested the stores (${seconds(
          ingest.value.ms,
        )}, ${ingest.value.held} held at the end)`,
        ingest.peakRssMb,
      ),
      row(
        `idle, catalog holding the stores (${seconds(SETTLE_MS)} later)`,
        idleIngested.map(m => m.rssMb),
      ),
      row(
        `peak while serving the stores page (${CLIENTS} clients, ${seconds(
          SERVE_MS,
        )})`,
        serve.peakRssMb,
      ),
      row(
        'right after serving',
        afterServing.map(m => m.rssMb),
      ),
      row(
        `idle again (${seconds(SETTLE_MS)} later)`,
        idleAfter.map(m => m.rssMb),
      ),
      row(
        'VmHWM: highest resident memory of the whole run',
        idleAfter.map(m => m.peakRssMb),
      ),
      '',
      `Serving: ${CLIENTS} clients, half on each replica, each loading views of the stores page one after`,
      `another for ${seconds(
        SERVE_MS,
      )} (a view is the page's list request, one of ${
        PAGE_VIEWS.length
      } queries:`,
      'newest first, "mine", status failed, a text search, by title, by owner at offset 5,000; then',
      "`POST /api/catalog/entities/by-refs` for the 50 stores of that page). The machine's CPU was",
      `${(machineBusy * 100).toFixed(0)} % busy meanwhile.`,
      '',
      '| figure | value |',
      '|---|---:|',
      `| page views served | ${latencies.length} (${(
        latencies.length /
        (SERVE_MS / 1000)
      ).toFixed(1)} a second), ${errors} not 200 |`,
      `| one view (list + catalog links), p50 / p95 / max | ${percentile(
        latencies,
        50,
      ).toFixed(0)} / ${percentile(latencies, 95).toFixed(0)} / ${Math.max(
        ...latencies,
      ).toFixed(0)} ms |`,
      '',
      ...reading,
    ].join('\n');
    writeFileSync(join(repoRoot, 'docs/benchmarks/replica-memory.md'), report);
    console.log(report);
  } finally {
    await replicas.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
