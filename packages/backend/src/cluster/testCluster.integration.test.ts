import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';

jest.setTimeout(180_000);

/**
 * What the rest of the suite relies on the local control plane to simulate:
 * if one of these breaks, provisioning tests would fail for the wrong reason.
 */
describe('the local control plane (real kube-apiserver, kwok nodes)', () => {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const namespace = `smoke-${Math.random().toString(36).slice(2, 8)}`;

  const pod = (labels: Record<string, string>): V1PodTemplateSpec => ({
    metadata: { labels },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: 'busybox:1.36' }],
    },
  });

  beforeAll(async () => {
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

  const restrictedPod = (
    labels: Record<string, string>,
  ): V1PodTemplateSpec => ({
    metadata: { labels },
    spec: {
      terminationGracePeriodSeconds: 1,
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'main',
          image: 'busybox:1.36',
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            runAsUser: 1000,
          },
        },
      ],
    },
  });

  it('brings a StatefulSet with a volume claim to one ready replica', async () => {
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { app: 'db' } },
          template: restrictedPod({ app: 'db' }),
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '1Gi' } },
              },
            },
          ],
        },
      },
    });
    const ready = await eventually('StatefulSet db ready', async () => {
      const s = await apps.readNamespacedStatefulSet({ name: 'db', namespace });
      return s.status?.readyReplicas === 1 ? s : undefined;
    });
    expect(ready.status?.readyReplicas).toBe(1);
    const claim = await core.readNamespacedPersistentVolumeClaim({
      name: 'data-db-0',
      namespace,
    });
    expect(claim.status?.phase).toBe('Bound');
  });

  it('makes a Deployment Available', async () => {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: restrictedPod({ app: 'web' }),
        },
      },
    });
    const available = await eventually('Deployment web Available', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
      return d.status?.conditions?.find(
        c => c.type === 'Available' && c.status === 'True',
      );
    });
    expect(available.status).toBe('True');
  });

  it('completes a Job, and fails one whose pod carries the fail label', async () => {
    const template = (labels: Record<string, string>) => ({
      ...restrictedPod(labels),
      spec: { ...restrictedPod(labels).spec!, restartPolicy: 'Never' },
    });
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'ok' },
        spec: { backoffLimit: 0, template: template({}) },
      },
    });
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'broken' },
        spec: {
          backoffLimit: 0,
          template: template({ 'store-platform.io/simulate': 'fail' }),
        },
      },
    });
    const condition = (name: string, type: string) =>
      eventually(`Job ${name} ${type}`, async () => {
        const j = await batch.readNamespacedJob({ name, namespace });
        return j.status?.conditions?.find(
          c => c.type === type && c.status === 'True',
        );
      });
    expect((await condition('ok', 'Complete')).type).toBe('Complete');
    expect((await condition('broken', 'Failed')).type).toBe('Failed');
  });

  it('binds a PersistentVolumeClaim of the default class', async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'files' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '2Gi' } },
        },
      },
    });
    const bound = await eventually('PVC files Bound', async () => {
      const c = await core.readNamespacedPersistentVolumeClaim({
        name: 'files',
        namespace,
      });
      return c.status?.phase === 'Bound' ? c : undefined;
    });
    expect(bound.spec?.volumeName).toBeTruthy();
  });

  it('rejects an object with an invalid spec', async () => {
    await expect(
      apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'Invalid_Name' },
          spec: {
            replicas: -1,
            selector: { matchLabels: { app: 'x' } },
            template: restrictedPod({ app: 'x' }),
          },
        },
      }),
    ).rejects.toMatchObject({ code: 422 });
  });

  it('rejects a pod that breaks its namespace’s Pod Security level', async () => {
    await expect(
      core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name: 'privileged' },
          spec: {
            containers: [
              {
                name: 'main',
                image: 'busybox:1.36',
                securityContext: { privileged: true },
              },
            ],
          },
        },
      }),
    ).rejects.toMatchObject({
      code: 403,
      body: expect.stringContaining('violates PodSecurity'),
    });
  });

  it('removes everything in a namespace when the namespace is deleted', async () => {
    const doomed = `${namespace}-gone`;
    await core.createNamespace({ body: { metadata: { name: doomed } } });
    await apps.createNamespacedDeployment({
      namespace: doomed,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: pod({ app: 'web' }),
        },
      },
    });
    await eventually('a running pod', async () => {
      const pods = await core.listNamespacedPod({ namespace: doomed });
      return pods.items.find(p => p.status?.phase === 'Running');
    });

    await core.deleteNamespace({ name: doomed });

    await eventually(
      `namespace ${doomed} gone`,
      async () => {
        try {
          await core.readNamespace({ name: doomed });
          return undefined;
        } catch (error: any) {
          return error.code === 404 ? true : undefined;
        }
      },
      120_000,
    );
    const leftovers = await core.listPodForAllNamespaces({
      fieldSelector: `metadata.namespace=${doomed}`,
    });
    expect(leftovers.items).toHaveLength(0);
  });
});
