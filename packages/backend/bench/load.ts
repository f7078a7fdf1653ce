/*
 * Load run: 50 stores provisioned at once through the real scaffolder and the
 * real backend, on a simulated cluster with realistic delays. Measures the
 * time until all are ready, per-store p50/p95, the card's API latency
 * (GET /stores/:id) during the run and the backend's resident memory, and
 * writes docs/benchmarks/load.md.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs packages/backend/bench/load.ts
 *
 * Env: LOAD_STORES (50), LOAD_POD_READY_DELAY_MS (5000), LOAD_JOB_COMPLETE_DELAY_MS
 * (15000), LOAD_USE_KUBECONFIG=1 to use $KUBECONFIG's cluster as it is instead of
 * starting a second, private cluster with those delays.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startBackend } from '../src/__testUtils__/startBackend';
import { startPrivateCluster } from '../src/__testUtils__/privateCluster';
import {
  groupRssKb,
  ownerToken,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../src/__testUtils__/storeApi';

const repoRoot = resolve(__dirname, '../../..');
const STORES = Number(process.env.LOAD_STORES ?? 50);
const POD_READY_MS = Number(process.env.LOAD_POD_READY_DELAY_MS ?? 5000);
const JOB_MS = Number(process.env.LOAD_JOB_COMPLETE_DELAY_MS ?? 15000);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const own =
    process.env.LOAD_USE_KUBECONFIG === '1'
      ? undefined
      : startPrivateCluster({
          basePort: 26443,
          podReadyDelayMs: POD_READY_MS,
          jobCompleteDelayMs: JOB_MS,
        });
  const kubeconfig = own?.kubeconfig ?? process.env.KUBECONFIG;
  if (!kubeconfig)
    throw new Error('set KUBECONFIG, or let the run start its own cluster');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);

  const backend = await startBackend({
    noWatch: true,
    extraConfig: `
scaffolder:
  concurrentTasksLimit: ${STORES}
storePlatform:
  kubernetes: { mode: kubeconfig, kubeconfigPath: ${kubeconfig} }
`,
  });
  const ids = Array.from({ length: STORES }, (_, i) => `load-${i}-${unique()}`);
  try {
    const token = await ownerToken(backend.baseUrl);
    const stores = storeApi(backend.baseUrl, token);
    const tasks = taskApi(backend.baseUrl, token);

    const rssSamples: number[] = [];
    const groupSamples: number[] = [];
    const cardLatencies: number[] = [];
    let cardErrors = 0;
    let sampling = true;
    const sampleRss = () => {
      const rss = groupRssKb(backend.pid);
      rssSamples.push(Math.max(0, ...rss.values()));
      groupSamples.push([...rss.values()].reduce((a, b) => a + b, 0));
    };
    sampleRss();
    const idleRssKb = rssSamples[0];
    const rssTimer = setInterval(sampleRss, 1000);
    // The card polls one store while all the others are provisioned.
    const card = (async () => {
      while (sampling) {
        const started = performance.now();
        const res = await stores.get(ids[0]);
        cardLatencies.push(performance.now() - started);
        if (res.status >= 500) cardErrors++;
        await new Promise(r => setTimeout(r, 250));
      }
    })();

    const t0 = performance.now();
    const taskIds = await Promise.all(
      ids.map(id => tasks.start(storeForm(id))),
    );
    // One list call a second (what a stores page does), not 50 pollers.
    const settledAt = new Map<string, { status: string; ms: number }>();
    const deadline = Date.now() + 20 * 60_000;
    while (settledAt.size < ids.length && Date.now() < deadline) {
      const page = await stores.call('GET', '/stores?limit=100');
      for (const store of page.json?.items ?? []) {
        if (
          ids.includes(store.id) &&
          !settledAt.has(store.id) &&
          (store.status === 'ready' || store.status === 'failed')
        ) {
          settledAt.set(store.id, {
            status: store.status,
            ms: performance.now() - t0,
          });
        }
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    const readyAt = ids.map(
      id => settledAt.get(id) ?? { status: 'unsettled', ms: NaN },
    );
    const allDone = performance.now() - t0;
    const outcomes = await Promise.all(
      taskIds.map(t => tasks.settled(t, 60_000)),
    );
    sampling = false;
    clearInterval(rssTimer);
    await card;

    const ready = readyAt.filter(r => r.status === 'ready');
    const times = ready.map(r => r.ms);
    const report = [
      '# Load: 50 stores at once',
      '',
      `Measured ${new Date().toISOString()} on this machine (${
        require('node:os').cpus().length
      } cores), by`,
      '`node --require @backstage/cli/config/nodeTransform.cjs packages/backend/bench/load.ts`',
      `(${STORES} store tasks started at once through the real scaffolder; real backend on SQLite;`,
      own
        ? `a private simulated cluster: pod ready after ${POD_READY_MS} ms, bootstrap Job pod done after ${JOB_MS} ms).`
        : 'the cluster of $KUBECONFIG as it is).',
      '',
      '| figure | value |',
      '|---|---|',
      `| stores ready / failed | ${ready.length} / ${
        readyAt.length - ready.length
      } |`,
      `| tasks completed | ${
        outcomes.filter(o => o === 'completed').length
      } of ${STORES} |`,
      `| time until every store settled | ${s(allDone)} |`,
      `| per-store time to ready, p50 / p95 / max | ${s(
        percentile(times, 50),
      )} / ${s(percentile(times, 95))} / ${s(Math.max(...times))} |`,
      `| card API \`GET /stores/:id\` during the run, p50 / p95 / max (${
        cardLatencies.length
      } calls, ${cardErrors} 5xx) | ${percentile(cardLatencies, 50).toFixed(
        0,
      )} / ${percentile(cardLatencies, 95).toFixed(0)} / ${Math.max(
        ...cardLatencies,
      ).toFixed(0)} ms |`,
      `| backend RSS (largest process of its group) idle / peak | ${(
        idleRssKb / 1024
      ).toFixed(0)} / ${(Math.max(...rssSamples) / 1024).toFixed(0)} MB |`,
      `| RSS of the whole process group peak (one process: the backend runs without the CLI watcher) | ${(
        Math.max(...groupSamples) / 1024
      ).toFixed(0)} MB |`,
      '',
    ].join('\n');
    writeFileSync(join(repoRoot, 'docs/benchmarks/load.md'), report);
    // eslint-disable-next-line no-console
    console.log(report);
    if (ready.length !== STORES) process.exitCode = 1;

    // Clean up through the product, then make sure.
    await Promise.all(ids.map(id => stores.remove(id)));
    await Promise.all(
      ids.map(id =>
        stores
          .waitFor(id, st => st === 'gone', 10 * 60_000)
          .catch(() => undefined),
      ),
    );
  } finally {
    await backend.stop();
    for (const id of ids) {
      await core
        .deleteNamespace({ name: `store-${id}` })
        .catch(() => undefined);
    }
    own?.stop();
  }
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
