/*
 * Benchmark of the store API's reads with 10,000 stores, on SQLite and on
 * PostgreSQL, through the plugin's real HTTP router in a test backend.
 *
 *   eval "$(scripts/lib/postgres.sh start)"
 *   yarn workspace @store-platform/plugin-store-platform-backend bench
 *
 * Env: BENCH_STORES (10000), BENCH_SAMPLES (200 per scenario), BENCH_ONLY
 * (sqlite or postgres). Prints a Markdown table for docs/benchmarks/store-api.md.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { migrateStoreDatabase } from '../src/database/migrate';
import { createStorePlatformPlugin } from '../src/plugin';
import { BenchDatabase, postgresDatabase, sqliteDatabase } from './databases';
import { measure, Timing } from './measure';
import { ownerRef, seedStores, storeIdAt } from './seedStores';

const STORE_COUNT = Number(process.env.BENCH_STORES ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WARMUP = 20;
const PAGE = 50;

interface Scenario {
  name: string;
  /** Path below /api/store-platform for the i-th call. */
  path(i: number): string;
}

/** Paths of the last page of a filtered list need its total, so ask once. */
async function totalOf(base: string, query: string): Promise<number> {
  const body = await getJson(`${base}/stores?${query}&limit=1`);
  return body.totalCount;
}

async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

async function scenarios(base: string): Promise<Scenario[]> {
  const owner = encodeURIComponent(ownerRef(42));
  const ready = await totalOf(base, 'status=ready');
  const owned = await totalOf(base, `owner=${owner}`);
  const lastOffset = (total: number) => Math.max(0, total - PAGE);
  const list = (query: string) => `/stores?${query}&limit=${PAGE}`;
  return [
    { name: 'list, first page', path: () => list('offset=0') },
    {
      name: 'list, middle page',
      path: () => list(`offset=${Math.floor(STORE_COUNT / 2)}`),
    },
    {
      name: 'list, last page',
      path: () => list(`offset=${lastOffset(STORE_COUNT)}`),
    },
    { name: 'status=ready, first page', path: () => list('status=ready') },
    {
      name: 'status=ready, last page',
      path: () => list(`status=ready&offset=${lastOffset(ready)}`),
    },
    { name: 'owner=team-042, first page', path: () => list(`owner=${owner}`) },
    {
      name: 'owner=team-042, last page',
      path: () => list(`owner=${owner}&offset=${lastOffset(owned)}`),
    },
    {
      name: 'status=ready & owner=team-042',
      path: () => list(`status=ready&owner=${owner}`),
    },
    {
      name: 'GET /stores/:id (spread ids)',
      path: i => `/stores/${storeIdAt((i * 7919) % STORE_COUNT)}`,
    },
  ];
}

async function benchDatabase(
  db: BenchDatabase,
): Promise<Array<[string, Timing]>> {
  await migrateStoreDatabase(db.knex);
  const seedStarted = Date.now();
  await seedStores(db.knex, STORE_COUNT);
  // A production database has statistics; a just-filled one needs them now.
  await db.knex.raw('ANALYZE');
  console.error(
    `[bench] ${db.name}: seeded ${STORE_COUNT} stores in ${
      Date.now() - seedStarted
    } ms`,
  );

  const backend = await startTestBackend({
    features: [
      createStorePlatformPlugin({ cluster: null }),
      eventsServiceFactory,
      mockServices.database.factory({ knex: db.knex }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
  try {
    const { port } = backend.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/store-platform`;
    const results: Array<[string, Timing]> = [];
    for (const scenario of await scenarios(base)) {
      const timing = await measure(
        async i => {
          const body = await getJson(`${base}${scenario.path(i)}`);
          if (Array.isArray(body.items) && body.items.length === 0) {
            throw new Error(`${scenario.name}: empty page`);
          }
        },
        { samples: SAMPLES, warmup: WARMUP },
      );
      results.push([scenario.name, timing]);
      console.error(
        `[bench] ${db.name}: ${scenario.name}: p50 ${timing.p50.toFixed(
          1,
        )} ms, p95 ${timing.p95.toFixed(1)} ms`,
      );
    }
    return results;
  } finally {
    await backend.stop();
  }
}

function table(
  names: string[],
  runs: Array<[string, Array<[string, Timing]>]>,
) {
  const ms = (n: number) => n.toFixed(1);
  const header = [
    '| request (limit 50) |',
    ...runs.map(([db]) => ` ${db} p50 / p95 / max (ms) |`),
  ].join('');
  const rule = `|---|${runs.map(() => '---:|').join('')}`;
  const rows = names.map((name, row) =>
    [
      `| ${name} |`,
      ...runs.map(([, timings]) => {
        const t = timings[row][1];
        return ` ${ms(t.p50)} / ${ms(t.p95)} / ${ms(t.max)} |`;
      }),
    ].join(''),
  );
  return [header, rule, ...rows].join('\n');
}

async function main() {
  const only = process.env.BENCH_ONLY;
  const targets: Array<() => Promise<BenchDatabase> | BenchDatabase> = [];
  if (!only || only === 'sqlite') targets.push(sqliteDatabase);
  if (!only || only === 'postgres') targets.push(postgresDatabase);

  const runs: Array<[string, Array<[string, Timing]>]> = [];
  for (const open of targets) {
    const db = await open();
    try {
      runs.push([db.name, await benchDatabase(db)]);
    } finally {
      await db.dispose();
    }
  }
  const names = runs[0][1].map(([name]) => name);
  console.log(
    `${STORE_COUNT} stores, ${SAMPLES} sequential requests per row after ${WARMUP} warm-up, ` +
      `Node ${process.version}, ${
        cpus().length
      } CPUs (${cpus()[0]?.model.trim()})\n`,
  );
  console.log(table(names, runs));
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
