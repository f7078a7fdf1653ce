import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Exec, V1Pod } from '@kubernetes/client-node';
import yaml from 'yaml';
import { testKubeConfig } from './kube';
import { RunningBackend, startBackend } from './startBackend';

/**
 * The real node of the local cluster (`TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up`):
 * what its script prints (images, ingress URL, the app-config of real stores) and the
 * tools to look inside its containers. Suites that need it run only in that mode.
 */
export const realNodeEnabled = process.env.TEST_CLUSTER_REAL_NODE === '1';

/** Whether a pod's Ready condition is true (its readiness probes pass). */
export const isPodReady = (pod: V1Pod) =>
  pod.status?.conditions?.some(
    c => c.type === 'Ready' && c.status === 'True',
  ) ?? false;

/** The label of the real node (kwok nodes are tainted in this mode). */
export const REAL_NODE_LABEL = 'store-platform.io/real-node';
export const REAL_NODE_NAME = 'store-platform-real-node';

const testClusterScript = join(
  resolve(resolvePackagePath('backend'), '../..'),
  'scripts/test-cluster',
);

function testCluster(verb: string): string {
  return execFileSync(testClusterScript, [verb], { encoding: 'utf8' }).trim();
}

/** The imported test images, by name (`pause`, `busybox`, `mariadb`, `wordpress`, `bootstrap`, ...). */
export function realNodeImages(): Record<string, string> {
  return Object.fromEntries(
    testCluster('images')
      .split('\n')
      .filter(l => l.includes('='))
      .map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** The ingress controller's base URL (the Host header picks the Ingress). */
export const realNodeIngressUrl = () => testCluster('ingress-url');

/** The app-config that makes a backend provision real stores on this cluster. */
export const realNodeAppConfig = () => testCluster('app-config');

/**
 * A backend that provisions on the real node (`scripts/test-cluster app-config`), with
 * the reconciler every 2 s so that drift shows quickly, and `images` overriding the
 * test images (a missing or crashing storefront).
 */
export async function startRealNodeBackend(
  images: Record<string, string> = {},
): Promise<RunningBackend> {
  const config = yaml.parse(readFileSync(realNodeAppConfig(), 'utf8'));
  Object.assign(config.storePlatform.provisioning.images, images);
  config.storePlatform.reconciler = { intervalSeconds: 2 };
  return startBackend({ extraConfig: yaml.stringify(config), noWatch: true });
}

function binDir(): string {
  const env = testCluster('env');
  const path = /export PATH=(\S+?):\$PATH/.exec(env)?.[1];
  if (!path) throw new Error(`no PATH in scripts/test-cluster env:\n${env}`);
  return path.replace(/^'|'$/g, '');
}

/** Runs kubectl against the cluster (e.g. `logs` of a workload); throws with its stderr when it fails. */
export function kubectl(args: string[]): string {
  return execFileSync(join(binDir(), 'kubectl'), args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `script` with sh in a container; resolves with its stdout and stderr, rejects when it fails. */
export async function shInPod(
  namespace: string,
  pod: string,
  container: string,
  script: string,
): Promise<string> {
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, next) {
      output += chunk.toString();
      next();
    },
  });
  await new Promise<void>((done, fail) => {
    new Exec(testKubeConfig())
      .exec(
        namespace,
        pod,
        container,
        ['sh', '-c', script],
        sink,
        sink,
        null,
        false,
        status =>
          status.status === 'Success'
            ? done()
            : fail(
                new Error(
                  `exec in ${namespace}/${pod}: ${status.message}\n${output}`,
                ),
              ),
      )
      .catch(fail);
  });
  return output;
}

/** The containers containerd runs for a namespace's pods, by the labels the kubelet gives them. */
export function runningContainersOf(namespace: string): string[] {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig) throw new Error('KUBECONFIG is not set');
  const sock = join(
    dirname(kubeconfig),
    'real-node/containerd/containerd.sock',
  );
  const ctr = (...args: string[]) =>
    execFileSync('ctr', ['--address', sock, '-n', 'k8s.io', ...args], {
      encoding: 'utf8',
    });
  const ours = new Set(
    ctr(
      'containers',
      'ls',
      '-q',
      `labels."io.kubernetes.pod.namespace"==${namespace}`,
    )
      .split('\n')
      .filter(Boolean),
  );
  return ctr('tasks', 'ls')
    .split('\n')
    .slice(1)
    .map(line => line.trim().split(/\s+/))
    .filter(([id, , status]) => ours.has(id) && status === 'RUNNING')
    .map(([id]) => id);
}

/** A GET through the ingress controller, the Host header choosing the Ingress; redirects are not followed. */
export function getThroughIngress(
  baseUrl: string,
  host: string,
  path = '/',
): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolveResponse, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      { headers: { host }, timeout: 10_000 },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          body += chunk;
        });
        res.on('end', () =>
          resolveResponse({
            status: res.statusCode ?? 0,
            body,
            location: res.headers.location,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${host}: timeout`)));
    req.on('error', reject);
    req.end();
  });
}
