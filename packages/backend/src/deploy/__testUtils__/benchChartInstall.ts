/**
 * Benchmark of the chart on the local control plane: `helm template`, `helm install --wait`
 * (values-local.yaml), `helm test`, `helm uninstall --wait` and deleting the namespace.
 * Writes docs/benchmarks/chart-install.md. See that file for how to run it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findHelm } from './helm';
import { CHART_DIR, repoPath } from './repoPaths';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const renders = Number(process.env.BENCH_RENDERS ?? 20);
const kubeconfig = process.env.KUBECONFIG;
if (!kubeconfig)
  throw new Error(
    'KUBECONFIG is not set: export KUBECONFIG=$(scripts/test-cluster kubeconfig)',
  );
const helm = findHelm();
const kubectl = join(dirname(helm), 'kubectl');

function timed(what: string, command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr}`);
  return ms;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
};

const samples: Record<string, number[]> = {
  'helm template (values-local.yaml)': [],
  'helm install --wait': [],
  'helm test': [],
  'helm uninstall --wait': [],
  'namespace deleted (kubectl delete ns --wait)': [],
};

for (let i = 0; i < renders; i++) {
  samples['helm template (values-local.yaml)'].push(
    timed('helm template', helm, [
      'template',
      'bench',
      CHART_DIR,
      '-f',
      join(CHART_DIR, 'values-local.yaml'),
      '--kube-version',
      '1.36.0',
    ]),
  );
}
for (let i = 0; i < runs; i++) {
  const release = `store-platform-bench${i}`;
  const namespace = `sp-bench-${Date.now().toString(36)}`;
  samples['helm install --wait'].push(
    timed('helm install', helm, [
      'install',
      release,
      CHART_DIR,
      '-n',
      namespace,
      '--create-namespace',
      '-f',
      join(CHART_DIR, 'values-local.yaml'),
      '--wait',
      '--timeout',
      '5m',
    ]),
  );
  samples['helm test'].push(
    timed('helm test', helm, [
      'test',
      release,
      '-n',
      namespace,
      '--timeout',
      '5m',
    ]),
  );
  samples['helm uninstall --wait'].push(
    timed('helm uninstall', helm, [
      'uninstall',
      release,
      '-n',
      namespace,
      '--wait',
    ]),
  );
  samples['namespace deleted (kubectl delete ns --wait)'].push(
    timed('namespace delete', kubectl, [
      'delete',
      'namespace',
      namespace,
      '--wait=true',
      '--timeout=5m',
    ]),
  );
  process.stdout.write(`run ${i + 1}/${runs} done\n`);
}

const rows = Object.entries(samples).map(([what, values]) => {
  const s = stats(values);
  return `| ${what} | ${values.length} | ${s.median.toFixed(
    0,
  )} | ${s.min.toFixed(0)} | ${s.max.toFixed(0)} |`;
});
const report = `# Chart install benchmark (\`helm/store-platform\` on the local control plane)

How long the chart takes to render, install (\`--wait\` until every Deployment and the PostgreSQL
StatefulSet are ready), pass \`helm test\`, uninstall and have its namespace deleted, on the local
control plane of \`scripts/test-cluster\` (kwok: pods become Ready ${'~'}200 ms after scheduling,
Job pods succeed ${'~'}1 s after running; no images are pulled or run, so this measures the chart and
the API server, not container start-up).

## Reproduce

\`\`\`bash
cd /work/main && source scripts/lib/toolchain.sh && use_node
scripts/test-cluster up && export KUBECONFIG="$(scripts/test-cluster kubeconfig)"
cd packages/backend && node -r @backstage/cli/config/nodeTransform.cjs src/deploy/__testUtils__/benchChartInstall.ts
\`\`\`

Options: \`BENCH_RUNS\` (install/test/uninstall cycles, ${runs}), \`BENCH_RENDERS\` (${renders}).

## Results

Measured ${new Date()
  .toISOString()
  .slice(0, 10)} on the shared 2-CPU machine while other work ran on it.

| step | samples | median ms | min ms | max ms |
| ---- | ------- | --------- | ------ | ------ |
${rows.join('\n')}
`;
writeFileSync(repoPath('docs/benchmarks/chart-install.md'), report);
process.stdout.write(report);
