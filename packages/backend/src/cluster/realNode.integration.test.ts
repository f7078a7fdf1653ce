import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eventually, testKubeConfig } from '../__testUtils__/kube';

jest.setTimeout(120_000);

const realNode = process.env.TEST_CLUSTER_REAL_NODE === '1';
const REAL_NODE_LABEL = 'store-platform.io/real-node';

/**
 * Only against `TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up` (a real
 * containerd + kubelet node, see docs/test-cluster.md); skipped otherwise, as
 * kwok runs no process and has no logs.
 */
(realNode ? describe : describe.skip)(
  'the real node of the local cluster (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    const namespace = `real-node-${Math.random().toString(36).slice(2, 8)}`;
    let busybox: string;

    beforeAll(async () => {
      const script = join(
        resolve(resolvePackagePath('backend'), '../..'),
        'scripts/test-cluster',
      );
      const images = execFileSync(script, ['images'], { encoding: 'utf8' });
      const line = images.split('\n').find(l => l.startsWith('busybox='));
      if (!line) throw new Error(`no busybox image in:\n${images}`);
      busybox = line.slice('busybox='.length);
      await core.createNamespace({
        body: {
          metadata: {
            name: namespace,
            labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
          },
        },
      });
    });

    afterAll(async () => {
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    });

    const lockedDownPod = (name: string, script: string): V1Pod => ({
      metadata: { name },
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 1,
        nodeSelector: { [REAL_NODE_LABEL]: 'true' },
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        containers: [
          {
            name: 'main',
            image: busybox,
            imagePullPolicy: 'Never',
            command: ['sh', '-c', script],
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    });

    const finished = (name: string) =>
      eventually(`pod ${name} to finish`, async () => {
        const pod = await core.readNamespacedPod({ name, namespace });
        const phase = pod.status?.phase;
        return phase === 'Succeeded' || phase === 'Failed' ? pod : undefined;
      });

    it('runs a pod to completion on the real node, and its logs are the process output', async () => {
      const marker = `marker-${Math.random().toString(36).slice(2, 10)}`;
      await core.createNamespacedPod({
        namespace,
        body: lockedDownPod(
          'hello',
          `echo "${marker} uid=$(id -u)"; touch /cannot-write 2>/dev/null || echo read-only-root`,
        ),
      });

      const pod = await finished('hello');
      expect(pod.status?.phase).toBe('Succeeded');
      const node = await core.readNode({ name: pod.spec!.nodeName! });
      expect(node.metadata?.labels?.[REAL_NODE_LABEL]).toBe('true');
      expect(
        pod.status?.containerStatuses?.[0].state?.terminated?.exitCode,
      ).toBe(0);

      const logs = await core.readNamespacedPodLog({
        name: 'hello',
        namespace,
      });
      expect(logs.trim().split('\n')).toEqual([
        `${marker} uid=65534`,
        'read-only-root',
      ]);
    });

    it("reports the process's real exit code", async () => {
      await core.createNamespacedPod({
        namespace,
        body: lockedDownPod('exits-3', 'exit 3'),
      });

      const pod = await finished('exits-3');
      expect(pod.status?.phase).toBe('Failed');
      expect(
        pod.status?.containerStatuses?.[0].state?.terminated?.exitCode,
      ).toBe(3);
    });
  },
);
