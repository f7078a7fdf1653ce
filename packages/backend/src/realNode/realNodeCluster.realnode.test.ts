import {
  CoreV1Api,
  NetworkingV1Api,
  V1Ingress,
  V1Pod,
} from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  getThroughIngress,
  REAL_NODE_LABEL,
  realNodeEnabled,
  realNodeImages,
  realNodeIngressUrl,
} from '../__testUtils__/realNode';

jest.setTimeout(120_000);

/** Served by the real node's provisioner (scripts/test-cluster.d/local-volumes.sh). */
const REAL_NODE_STORAGE_CLASS = 'store-platform-local';
/** The real node's ingress controller (Traefik, scripts/test-cluster.d/ingress.sh). */
const INGRESS_CLASS = 'traefik';

/**
 * Only against `TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up` (a real
 * containerd + kubelet node, see docs/test-cluster.md); skipped otherwise, as
 * kwok runs no process and has no logs.
 */
(realNodeEnabled ? describe : describe.skip)(
  'the real node of the local cluster (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    const networking = testKubeConfig().makeApiClient(NetworkingV1Api);
    const namespace = `real-node-${Math.random().toString(36).slice(2, 8)}`;
    let busybox: string;
    let ingressUrl: string;

    beforeAll(async () => {
      busybox = realNodeImages().busybox;
      ingressUrl = realNodeIngressUrl();
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

    const lockedDownPod = (
      name: string,
      script: string,
      options: { runAsUser?: number; claimName?: string } = {},
    ): V1Pod => ({
      metadata: { name },
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 1,
        nodeSelector: { [REAL_NODE_LABEL]: 'true' },
        securityContext: {
          runAsNonRoot: true,
          runAsUser: options.runAsUser ?? 65534,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumes: options.claimName
          ? [
              {
                name: 'data',
                persistentVolumeClaim: { claimName: options.claimName },
              },
            ]
          : undefined,
        containers: [
          {
            name: 'main',
            image: busybox,
            imagePullPolicy: 'Never',
            command: ['sh', '-c', script],
            volumeMounts: options.claimName
              ? [{ name: 'data', mountPath: '/data' }]
              : undefined,
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

    it('resolves cluster names through the cluster DNS, and nothing else', async () => {
      await core.createNamespacedService({
        namespace,
        body: {
          metadata: { name: 'named-service' },
          spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
        },
      });
      const service = await core.readNamespacedService({
        name: 'named-service',
        namespace,
      });
      const kubernetes = await core.readNamespacedService({
        name: 'kubernetes',
        namespace: 'default',
      });

      await core.createNamespacedPod({
        namespace,
        body: lockedDownPod(
          'resolver',
          [
            'nslookup kubernetes.default.svc.cluster.local',
            'nslookup named-service',
            'nslookup not-a-service-anywhere.example >/dev/null 2>&1 && echo resolved-unknown || echo unknown-not-resolved',
          ].join('; '),
        ),
      });

      const pod = await finished('resolver');
      const logs = await core.readNamespacedPodLog({
        name: 'resolver',
        namespace,
      });
      expect(pod.status?.phase).toBe('Succeeded');
      expect(logs).toMatch(
        new RegExp(
          `Name:\\s+kubernetes\\.default\\.svc\\.cluster\\.local\\s+Address:\\s+${kubernetes.spec!.clusterIP!.replace(
            /\./g,
            '\\.',
          )}\\b`,
        ),
      );
      expect(logs).toMatch(
        new RegExp(
          `Name:\\s+named-service\\.${namespace}\\.svc\\.cluster\\.local\\s+Address:\\s+${service.spec!.clusterIP!.replace(
            /\./g,
            '\\.',
          )}\\b`,
        ),
      );
      expect(logs.trim().split('\n').pop()).toBe('unknown-not-resolved');
    });

    it(`gives a non-root pod a writable volume for a ${REAL_NODE_STORAGE_CLASS} claim`, async () => {
      await core.createNamespacedPersistentVolumeClaim({
        namespace,
        body: {
          metadata: { name: 'data' },
          spec: {
            storageClassName: REAL_NODE_STORAGE_CLASS,
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '16Mi' } },
          },
        },
      });
      const marker = `written-${Math.random().toString(36).slice(2, 10)}`;
      await core.createNamespacedPod({
        namespace,
        body: lockedDownPod(
          'writer',
          `echo ${marker} > /data/file && echo "$(cat /data/file) $(stat -c %u /data/file)"`,
          { runAsUser: 999, claimName: 'data' },
        ),
      });

      const writer = await finished('writer');
      expect(writer.status?.phase).toBe('Succeeded');
      expect(
        (await core.readNamespacedPodLog({ name: 'writer', namespace })).trim(),
      ).toBe(`${marker} 999`);

      // The data outlives the pod: another pod of another user reads it back.
      await core.createNamespacedPod({
        namespace,
        body: lockedDownPod('reader', 'cat /data/file', {
          runAsUser: 1001,
          claimName: 'data',
        }),
      });
      const reader = await finished('reader');
      expect(reader.status?.phase).toBe('Succeeded');
      expect(
        (await core.readNamespacedPodLog({ name: 'reader', namespace })).trim(),
      ).toBe(marker);
      const claim = await core.readNamespacedPersistentVolumeClaim({
        name: 'data',
        namespace,
      });
      expect(claim.status?.phase).toBe('Bound');
    });

    it(`routes an Ingress of class ${INGRESS_CLASS} to its Service through the ingress URL, and no other`, async () => {
      const marker = `served-${Math.random().toString(36).slice(2, 10)}`;
      const served = `${namespace}.localhost`;
      const otherClass = `other-${namespace}.localhost`;
      // busybox httpd as a locked-down non-root pod, its page in an emptyDir.
      const web = lockedDownPod(
        'web',
        `echo ${marker} > /www/index.html && exec httpd -f -p 8080 -h /www`,
      );
      web.metadata!.labels = { app: 'web' };
      web.spec!.volumes = [{ name: 'www', emptyDir: {} }];
      web.spec!.containers[0].volumeMounts = [
        { name: 'www', mountPath: '/www' },
      ];
      web.spec!.containers[0].ports = [{ containerPort: 8080 }];
      await core.createNamespacedPod({ namespace, body: web });
      await core.createNamespacedService({
        namespace,
        body: {
          metadata: { name: 'web' },
          spec: {
            selector: { app: 'web' },
            ports: [{ port: 80, targetPort: 8080 }],
          },
        },
      });
      const ingress = (
        name: string,
        host: string,
        className: string,
      ): V1Ingress => ({
        metadata: { name },
        spec: {
          ingressClassName: className,
          rules: [
            {
              host,
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'web', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      });
      // Another class of Traefik's own controller: served too, unless Traefik is
      // limited to its class.
      const otherIngressClass = `${namespace}-other`;
      await networking.createIngressClass({
        body: {
          metadata: { name: otherIngressClass },
          spec: { controller: 'traefik.io/ingress-controller' },
        },
      });
      try {
        // The other class first: once the served one routes, Traefik has seen both.
        await networking.createNamespacedIngress({
          namespace,
          body: ingress('other-class', otherClass, otherIngressClass),
        });
        await networking.createNamespacedIngress({
          namespace,
          body: ingress('served', served, INGRESS_CLASS),
        });

        const answer = await eventually(
          `${served} to be served through ${ingressUrl}`,
          async () => {
            const response = await getThroughIngress(ingressUrl, served);
            return response.status === 200 ? response : undefined;
          },
        );
        expect(answer.body.trim()).toBe(marker);

        const unknown = await getThroughIngress(
          ingressUrl,
          `unknown-${namespace}.localhost`,
        );
        expect(unknown.status).toBe(404);
        const notServed = await getThroughIngress(ingressUrl, otherClass);
        expect(notServed.status).toBe(404);
        expect(notServed.body).not.toContain(marker);
      } finally {
        await networking
          .deleteIngressClass({ name: otherIngressClass })
          .catch(() => undefined);
      }
    });
  },
);
