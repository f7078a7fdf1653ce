import { CoreV1Api } from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  getThroughIngress,
  isPodReady,
  kubectl,
  REAL_NODE_NAME,
  startRealNodeBackend,
  realNodeEnabled,
  realNodeImages,
  realNodeIngressUrl,
  runningContainersOf,
  shInPod,
} from '../__testUtils__/realNode';
import { runTemplate } from '../__testUtils__/scaffolder';
import { RunningBackend } from '../__testUtils__/startBackend';
import {
  generatedSecrets,
  ownerToken,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';

jest.setTimeout(900_000);

const STORE_TEMPLATE = 'template:default/store';
const DB_ERROR = 'Error establishing a database connection';

/**
 * Only against `TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up`: the store's MariaDB,
 * WordPress and bootstrap Job run as real processes in containerd on a real kubelet, and
 * its storefront is served by the real ingress controller (docs/test-cluster.md).
 */
(realNodeEnabled ? describe : describe.skip)(
  'a store on the real node, through the real scaffolder (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    const id = `real-${unique()}`;
    const namespace = `store-${id}`;
    let backend: RunningBackend;
    let token: string;
    let ingressUrl: string;
    let secrets: string[] = [];

    const podsOf = async (component: string) =>
      (
        await core.listNamespacedPod({
          namespace,
          labelSelector: `app.kubernetes.io/component=${component}`,
        })
      ).items;

    beforeAll(async () => {
      ingressUrl = realNodeIngressUrl();
      backend = await startRealNodeBackend();
      token = await ownerToken(backend.baseUrl);
    });

    afterAll(async () => {
      await backend?.stop();
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    });

    it('provisions to ready with MariaDB, WordPress and the bootstrap running as real processes', async () => {
      const task = await runTemplate(
        backend.baseUrl,
        token,
        STORE_TEMPLATE,
        storeForm(id),
        600_000,
      );
      expect({ status: task.status, log: task.log.slice(-5) }).toMatchObject({
        status: 'completed',
      });
      expect(
        (await storeApi(backend.baseUrl, token).get(id)).json,
      ).toMatchObject({ status: 'ready' });

      for (const component of ['database', 'storefront']) {
        const [pod] = await podsOf(component);
        expect(pod.spec?.nodeName).toBe(REAL_NODE_NAME);
        expect(pod.status?.phase).toBe('Running');
        expect(isPodReady(pod)).toBe(true);
      }
      secrets = await generatedSecrets(core, id);
      expect(secrets.length).toBeGreaterThan(0);
    });

    it('runs each container as the non-root user of its pod spec, read-only where the spec says', async () => {
      const [db] = await podsOf('database');
      const [web] = await podsOf('storefront');
      const inDb = (script: string) =>
        shInPod(namespace, db.metadata!.name!, 'mariadb', script);
      const inWeb = (script: string) =>
        shInPod(namespace, web.metadata!.name!, 'wordpress', script);
      expect(await inDb('id -u')).toBe('999\n');
      expect(await inWeb('id -u')).toBe('33\n');

      // MariaDB's root filesystem is read-only (its writable paths are volumes);
      // WordPress's is writable by the spec (Apache's runtime files), but not as root's.
      const touch = (path: string) => `touch ${path} 2>&1; echo "rc=$?"`;
      expect(await inDb(touch('/probe'))).toMatch(
        /Read-only file system\s+rc=1\s*$/,
      );
      expect(await inDb(touch('/var/lib/mysql/probe'))).toBe('rc=0\n');
      expect(await inWeb(touch('/etc/probe'))).toMatch(
        /Permission denied\s+rc=1\s*$/,
      );
    });

    it('ran the bootstrap Job in its container: exit 0, every step in its log, no secret', async () => {
      const [pod] = (
        await core.listNamespacedPod({
          namespace,
          labelSelector: `job-name=woocommerce-bootstrap-${id}`,
        })
      ).items.filter(p => p.status?.phase === 'Succeeded');
      expect(pod).toBeDefined();
      const main = pod.status?.containerStatuses?.[0];
      expect(main?.state?.terminated?.exitCode).toBe(0);
      const log = kubectl(['-n', namespace, 'logs', pod.metadata!.name!]);
      for (let step = 1; step <= 7; step++) {
        expect(log).toContain(`bootstrap: step ${step}/7`);
      }
      const allLogs = [
        log,
        kubectl(['-n', namespace, 'logs', 'statefulset/mariadb']),
        kubectl(['-n', namespace, 'logs', 'deployment/wordpress']),
        backend.output(),
      ].join('\n');
      for (const secret of secrets) expect(allLogs).not.toContain(secret);
    });

    it('serves the storefront through the ingress controller at <id>.localhost, with its database working', async () => {
      const host = `${id}.localhost`;
      const front = await eventually(
        `${host} to answer through the ingress controller`,
        async () => {
          const res = await getThroughIngress(ingressUrl, host, '/');
          return res.status >= 200 && res.status < 400 ? res : undefined;
        },
        60_000,
      );
      expect(front.body).not.toContain(DB_ERROR);
      // Not installed for real (the bootstrap's wp is a test double): WordPress
      // sends visitors to its installer, which needs the database to render.
      const page = front.location
        ? new URL(front.location, `http://${host}`).pathname
        : '/';
      const installer = await getThroughIngress(ingressUrl, host, page);
      expect(installer.status).toBe(200);
      expect(installer.body).toMatch(/WordPress/);
      expect(installer.body).not.toContain(DB_ERROR);

      const other = await getThroughIngress(
        ingressUrl,
        `no-such-${id}.localhost`,
      );
      expect(other.status).toBe(404);
    });

    it('reports a WordPress container killed by hand as drift, and the store recovers', async () => {
      const api = storeApi(backend.baseUrl, token);
      const [web] = await podsOf('storefront');
      const before = web.status?.containerStatuses?.[0]?.restartCount ?? 0;
      // As an operator would: the signal goes to the container's first process.
      // The exec may end with the container it runs in.
      await shInPod(
        namespace,
        web.metadata!.name!,
        'wordpress',
        'kill 1',
      ).catch(() => undefined);

      const drifted = await api.waitFor(
        id,
        (_status, store) =>
          /^drift: Deployment wordpress has 0\/1 ready/.test(
            store?.statusMessage ?? '',
          ),
        120_000,
      );
      expect(drifted.status).toBe('ready');
      expect(drifted.statusMessage).toMatch(/container wordpress/);

      const recovered = await api.waitFor(
        id,
        (status, store) => status === 'ready' && !store?.statusMessage,
        180_000,
      );
      expect(recovered.status).toBe('ready');
      const [after] = await podsOf('storefront');
      expect(after.metadata?.name).toBe(web.metadata?.name);
      expect(after.status?.containerStatuses?.[0]?.restartCount).toBe(
        before + 1,
      );
      const res = await getThroughIngress(ingressUrl, `${id}.localhost`);
      expect(res.status).toBeLessThan(400);
    });

    it('deletes the store: the namespace goes and its containers stop', async () => {
      expect(runningContainersOf(namespace).length).toBeGreaterThan(0);
      const api = storeApi(backend.baseUrl, token);
      expect((await api.remove(id)).status).toBe(202);
      await api.waitFor(id, status => status === 'gone', 300_000);
      await eventually(
        `the containers of ${namespace} to stop`,
        async () => runningContainersOf(namespace).length === 0 || undefined,
        60_000,
      );
    });
  },
);

(realNodeEnabled ? describe : describe.skip)(
  'a store whose storefront cannot run on the real node (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    const ids: string[] = [];

    afterAll(async () => {
      for (const id of ids) {
        await core
          .deleteNamespace({ name: `store-${id}` })
          .catch(() => undefined);
      }
    });

    async function failedStore(wordpressImage: string) {
      const backend = await startRealNodeBackend({ wordpress: wordpressImage });
      try {
        const token = await ownerToken(backend.baseUrl);
        const id = `broken-${unique()}`;
        ids.push(id);
        const task = await runTemplate(
          backend.baseUrl,
          token,
          STORE_TEMPLATE,
          storeForm(id),
          600_000,
        );
        const store = (await storeApi(backend.baseUrl, token).get(id)).json;
        return { task, store };
      } finally {
        await backend.stop();
      }
    }

    it('names the kubelet reason of a storefront image that is not on the node', async () => {
      const { task, store } = await failedStore(
        'localhost/store-platform-test/no-such-image:0',
      );
      expect(task.status).toBe('failed');
      const log = task.log.join('\n');
      expect(log).toMatch(/ImagePullBackOff|ErrImagePull|ErrImageNeverPull/);
      expect(log).toContain('no-such-image');
      expect(store).toMatchObject({ status: 'failed' });
      expect(store.statusMessage).toMatch(/ImagePullBackOff|ErrImagePull/);
    });

    it('names CrashLoopBackOff for a storefront whose process exits at once', async () => {
      // busybox's command is a shell that exits at once without a terminal.
      const { task, store } = await failedStore(realNodeImages().busybox);
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toContain('CrashLoopBackOff');
      expect(store).toMatchObject({ status: 'failed' });
      expect(store.statusMessage).toContain('CrashLoopBackOff');
    });
  },
);
