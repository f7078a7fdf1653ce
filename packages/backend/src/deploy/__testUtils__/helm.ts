import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHART_DIR, repoPath } from './repoPaths';

/** The Kubernetes version of the local control plane; `helm template` defaults to 1.20. */
export const KUBE_VERSION = '1.36.0';

const MISSING_HELM =
  'helm was not found: run `scripts/test-cluster build` (it builds the pinned helm into its cache), ' +
  'or put a helm 3 binary on PATH';

let helmPath: string | undefined;

/**
 * The pinned helm of scripts/test-cluster (its bin dir, found without building), else helm on
 * PATH. Throws, saying how to get it, when there is none.
 */
export function findHelm(): string {
  if (helmPath) return helmPath;
  const env = spawnSync(repoPath('scripts/test-cluster'), ['env'], {
    encoding: 'utf8',
  });
  const binDir = env.stdout?.match(/^export PATH=(.+):\$PATH$/m)?.[1];
  if (binDir && existsSync(join(binDir, 'helm'))) {
    helmPath = join(binDir, 'helm');
    return helmPath;
  }
  const onPath = spawnSync('helm', ['version', '--short'], {
    encoding: 'utf8',
  });
  if (onPath.status === 0) {
    helmPath = 'helm';
    return helmPath;
  }
  throw new Error(MISSING_HELM);
}

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runHelm(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): HelmResult {
  const result = spawnSync(findHelm(), args, {
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/**
 * helm against the cluster of `KUBECONFIG` (the suites' cluster); throws with helm's stderr
 * when it fails, returns its stdout.
 */
export function helmOnCluster(args: string[], timeoutMs = 240_000): string {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig) throw new Error('KUBECONFIG is not set');
  const result = runHelm([...args, '--kubeconfig', kubeconfig], { timeoutMs });
  if (result.status !== 0)
    throw new Error(`helm ${args[0]} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** A rendered Kubernetes object, loosely typed: tests read paths they assert on. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [k: string]: any };
  [k: string]: any;
};

export interface RenderOptions {
  release?: string;
  namespace?: string;
  /** Values files, relative to the chart. */
  valuesFiles?: string[];
  /** `--set key=value` pairs. */
  set?: Record<string, string>;
}

function templateArgs(options: RenderOptions): string[] {
  const args = [
    'template',
    options.release ?? 'store-platform',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'store-platform',
    '--kube-version',
    KUBE_VERSION,
  ];
  for (const file of options.valuesFiles ?? [])
    args.push('-f', join(CHART_DIR, file));
  for (const [key, value] of Object.entries(options.set ?? {}))
    args.push('--set', `${key}=${value}`);
  return args;
}

/** `helm template` of the chart, as objects; throws with helm's message when it fails. */
export function renderChart(options: RenderOptions = {}): Manifest[] {
  const result = runHelm(templateArgs(options));
  if (result.status !== 0)
    throw new Error(`helm template failed: ${result.stderr.trim()}`);
  return parseAllDocuments(result.stdout)
    .map(doc => doc.toJS())
    .filter((obj): obj is Manifest => Boolean(obj && obj.kind));
}

/** `helm template` expected to fail: its error output. */
export function renderChartError(options: RenderOptions): string {
  const result = runHelm(templateArgs(options));
  if (result.status === 0)
    throw new Error(
      `helm template succeeded with ${JSON.stringify(options.set)}`,
    );
  return result.stderr;
}

export function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter(m => m.kind === kind);
}

export function findManifest(
  manifests: Manifest[],
  kind: string,
  name: string,
): Manifest {
  const found = manifests.find(
    m => m.kind === kind && m.metadata.name === name,
  );
  if (!found) {
    const names = ofKind(manifests, kind).map(m => m.metadata.name);
    throw new Error(
      `no ${kind} ${name} rendered (found: ${names.join(', ') || 'none'})`,
    );
  }
  return found;
}
