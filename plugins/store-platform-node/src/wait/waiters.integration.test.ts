import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { WaitFailedError, WaitTimeoutError } from '../errors';
import { hardenedContainer, hardenedPod } from '../resources/security';
import { testClusterKubeConfig, uniqueStoreId } from '../testing/testCluster';
import { waitForDeploymentReady, waitForStatefulSetReady } from './waiters';

jest.setTimeout(120_000);

function statefulSet(name: string, cpu: string): V1StatefulSet {
  const labels = { app: name };
  return {
    metadata: { name },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: hardenedPod(1000),
          containers: [
            {
              name: 'main',
              image: 'busybox:1.36',
              resources: {
                requests: { cpu, memory: '16Mi' },
                limits: { cpu, memory: '16Mi' },
              },
              securityContext: hardenedContainer(),
            },
          ],
        },
      },
    },
  };
}

describe('waiters on the local control plane', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  const namespace = `wait-${uniqueStoreId('t')}`;

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedResourceQuota({
      namespace,
      body: {
        metadata: { name: 'tiny' },
        spec: { hard: { 'limits.cpu': '100m', 'requests.cpu': '100m' } },
      },
    });
  });

  afterAll(async () => {
    await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('resolves on the ready event and reports progress', async () => {
    await apps.createNamespacedStatefulSet({
      namespace,
      body: statefulSet('fits', '50m'),
    });
    const progress: string[] = [];
    const sts = await waitForStatefulSetReady(kc, namespace, 'fits', {
      timeoutMs: 60_000,
      onProgress: m => progress.push(m),
    });
    expect(sts.status?.readyReplicas).toBe(1);
    expect(progress[progress.length - 1]).toBe(
      'waiting for StatefulSet fits: 1/1 ready',
    );
  });

  it('fails with "quota exceeded" when the quota refuses the pod', async () => {
    await apps.createNamespacedStatefulSet({
      namespace,
      body: statefulSet('too-big', '500m'),
    });
    const error = await waitForStatefulSetReady(kc, namespace, 'too-big', {
      timeoutMs: 60_000,
      diagnosticsDelayMs: 0,
    }).catch(e => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect(error.reason).toBe('quota exceeded');
    expect(error.message).toContain('exceeded quota: tiny');
  });

  it('fails with Unschedulable when no node can run the pod', async () => {
    await core.deleteNamespacedResourceQuota({ name: 'tiny', namespace });
    await apps.createNamespacedStatefulSet({
      namespace,
      body: statefulSet('huge', '10000'),
    });
    const error = await waitForStatefulSetReady(kc, namespace, 'huge', {
      timeoutMs: 60_000,
      diagnosticsDelayMs: 0,
      unschedulableGraceMs: 2_000,
    }).catch(e => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect(error.reason).toBe('Unschedulable');
    expect(error.message).toMatch(/pod huge-0: 0\/\d+ nodes are available/);
  });

  it('times out saying what it waited for', async () => {
    const error = await waitForDeploymentReady(kc, namespace, 'never-created', {
      timeoutMs: 1_500,
    }).catch(e => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toBe(
      `timed out after 2s waiting for Deployment ${namespace}/never-created`,
    );
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    const pending = waitForDeploymentReady(kc, namespace, 'never-created', {
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toThrow('was aborted');
  });
});
