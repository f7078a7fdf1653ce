import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import {
  launchChromium,
  screenshot,
  signInAsGuest,
} from '../__testUtils__/browser';
import { fetchThroughIngress } from '../__testUtils__/fetchThroughIngress';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  getThroughIngress,
  isPodReady,
  kubectl,
  REAL_NODE_NAME,
  realNodeEnabled,
  realNodeImages,
  realNodeIngressUrl,
  shInPod,
} from '../__testUtils__/realNode';
import { runTemplate } from '../__testUtils__/scaffolder';
import { openStoreCard, storeCard } from '../__testUtils__/storeCard';
import {
  ownerToken,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';
import { helmOnCluster, runHelm } from '../deploy/__testUtils__/helm';
import { CHART_DIR } from '../deploy/__testUtils__/repoPaths';
import { realNodeChartValues } from '../__testUtils__/realNodeChartValues';

jest.setTimeout(900_000);

const DB_ERROR = 'Error establishing a database connection';
/** Where scripts/test's chart-real phase imported the images it built (scripts/images). */
const images = {
  api: process.env.CHART_REAL_API_IMAGE ?? 'store-platform-api:latest',
  dashboard:
    process.env.CHART_REAL_DASHBOARD_IMAGE ?? 'store-platform-dashboard:latest',
};

/**
 * The platform as a platform team meets it first: `helm install` of the chart, with the
 * api and dashboard images built from this checkout by `scripts/images` (buildah) and
 * imported into the real node, the chart's own PostgreSQL, Traefik as the ingress controller
 * and kube-router enforcing NetworkPolicies. Every pod really runs. Skipped unless
 * TEST_CLUSTER_REAL_NODE=1 (scripts/test chart-real).
 */
(realNodeEnabled ? describe : describe.skip)(
  'the chart deployed on the real node (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    const rbac = testKubeConfig().makeApiClient(RbacAuthorizationV1Api);
    const suffix = unique();
    // A release name containing the chart's name is the objects' full name.
    const release = 'store-platform';
    const namespace = `sp-real-${suffix}`;
    const installation = `${release}.${namespace}`;
    const outside = `sp-outside-${suffix}`;
    const storeId = `chart-${suffix}`;
    const storeNs = `store-${storeId}`;
    const workdir = mkdtempSync(join(tmpdir(), 'chart-real-'));
    const valuesFile = join(workdir, 'values-real-node.yaml');
    let ingressUrl: string;
    let dashboardUrl: string;
    let token: string;
    let uninstalled = false;

    const helm = (args: string[]) => helmOnCluster(args, 600_000);
    const podsOf = async (ns: string, selector?: string) =>
      (await core.listNamespacedPod({ namespace: ns, labelSelector: selector }))
        .items;
    const componentPod = async (component: string) => {
      const [pod] = await podsOf(
        namespace,
        `app.kubernetes.io/instance=${release},app.kubernetes.io/component=${component}`,
      );
      if (!pod) throw new Error(`no ${component} pod in ${namespace}`);
      return pod;
    };

    beforeAll(async () => {
      ingressUrl = realNodeIngressUrl();
      // The browser and the API's URLs: dashboard.localhost on the ingress controller's port.
      dashboardUrl = `http://dashboard.localhost:${new URL(ingressUrl).port}`;
      writeFileSync(
        valuesFile,
        yaml.stringify(realNodeChartValues(images, dashboardUrl)),
      );
      // Node cannot resolve *.localhost; requests go to the ingress controller with their Host.
      const nodeFetch = globalThis.fetch;
      jest
        .spyOn(globalThis, 'fetch')
        .mockImplementation(fetchThroughIngress(ingressUrl, nodeFetch));
    });

    afterAll(async () => {
      jest.restoreAllMocks();
      if (!uninstalled) {
        runHelm([
          'uninstall',
          release,
          '--namespace',
          namespace,
          '--wait',
          '--kubeconfig',
          process.env.KUBECONFIG!,
        ]);
      }
      for (const name of [storeNs, outside, namespace]) {
        await core.deleteNamespace({ name }).catch(() => undefined);
      }
      rmSync(workdir, { recursive: true, force: true });
    });

    it('installs: every platform pod runs on the real node, the API starts with no plugin errors, helm test passes', async () => {
      const installed = helm([
        'install',
        release,
        CHART_DIR,
        '--namespace',
        namespace,
        '--create-namespace',
        '-f',
        `${CHART_DIR}/values-local.yaml`,
        '-f',
        valuesFile,
        '--wait',
        '--timeout',
        '8m',
      ]);
      expect(installed).toContain('STATUS: deployed');

      const pods = await podsOf(
        namespace,
        `app.kubernetes.io/instance=${release}`,
      );
      expect(
        pods
          .map(p => ({
            component: p.metadata?.labels?.['app.kubernetes.io/component'],
            node: p.spec?.nodeName,
            ready: isPodReady(p),
          }))
          .sort((a, b) =>
            String(a.component).localeCompare(String(b.component)),
          ),
      ).toEqual([
        { component: 'api', node: REAL_NODE_NAME, ready: true },
        { component: 'dashboard', node: REAL_NODE_NAME, ready: true },
        { component: 'postgresql', node: REAL_NODE_NAME, ready: true },
      ]);

      // The backend's JSON log: every plugin started, nothing logged as an error.
      const api = await componentPod('api');
      const log = kubectl(['logs', '-n', namespace, api.metadata!.name!]);
      const entries = log
        .split('\n')
        .filter(line => line.startsWith('{'))
        .map(line => JSON.parse(line));
      expect(entries.length).toBeGreaterThan(0);
      expect(
        entries.filter(e => e.level === 'error').map(e => e.message),
      ).toEqual([]);
      expect(log).toMatch(/Plugin initialization complete/);
      expect(log).not.toMatch(/failed to (start|initialize)/i);

      let tested: string;
      try {
        tested = helm(['test', release, '--namespace', namespace]);
      } catch (error) {
        // A failed smoke test stays behind (hook-succeeded): say what it saw.
        const smokeLog = kubectl([
          'logs',
          '-n',
          namespace,
          `job/${release}-smoke-test`,
        ]);
        throw new Error(`${error}\nsmoke test log:\n${smokeLog}`);
      }
      expect(tested).toMatch(
        new RegExp(
          `TEST SUITE:\\s+${release}-smoke-test[\\s\\S]*Phase:\\s+Succeeded`,
        ),
      );
    });

    it('serves the app at dashboard.localhost/ and the backend at dashboard.localhost/api, through Traefik', async () => {
      const page = await getThroughIngress(
        ingressUrl,
        'dashboard.localhost',
        '/',
      );
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
      // The dashboard's runtime config, rendered from the chart's values at container start.
      expect(page.body).toContain('backstage.io/config');
      expect(page.body).toContain(`"baseUrl":"${dashboardUrl}"`);

      token = await ownerToken(dashboardUrl);
      const templates = await fetch(
        `${dashboardUrl}/api/catalog/entities/by-query?filter=kind=template`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(templates.status).toBe(200);
      const names = (await templates.json()).items.map(
        (e: any) => e.metadata.name,
      );
      expect(names).toContain('store');

      const stores = await storeApi(dashboardUrl, token).call('GET', '/stores');
      expect(stores.status).toBe(200);
      // Without a token the backend answers 401: the route is the backend's, not the app's.
      const anonymous = await fetch(
        `${dashboardUrl}/api/store-platform/stores`,
      );
      expect(anonymous.status).toBe(401);
    });

    it('creates a store through dashboard.localhost/api/scaffolder: its pods run on the real node and it answers at <id>.localhost', async () => {
      const task = await runTemplate(
        dashboardUrl,
        token,
        'template:default/store',
        storeForm(storeId),
        600_000,
      );
      expect({ status: task.status, log: task.log.slice(-5) }).toMatchObject({
        status: 'completed',
      });

      const ns = await core.readNamespace({ name: storeNs });
      expect(ns.metadata?.labels?.['store-platform.io/installation']).toBe(
        installation,
      );
      // The chart's ServiceAccount works in the store's namespace through its RoleBinding only.
      const bindings = (
        await rbac.listNamespacedRoleBinding({ namespace: storeNs })
      ).items;
      expect(
        bindings
          .flatMap(b => b.subjects ?? [])
          .map(s => `${s.namespace}/${s.name}`),
      ).toContain(`${namespace}/${release}`);

      const storePods = await podsOf(storeNs);
      const running = storePods.filter(p => p.status?.phase === 'Running');
      expect(running.length).toBeGreaterThanOrEqual(2);
      for (const pod of running) {
        expect(pod.spec?.nodeName).toBe(REAL_NODE_NAME);
        expect(isPodReady(pod)).toBe(true);
      }

      const front = await eventually(
        `${storeId}.localhost to answer through the ingress controller`,
        async () => {
          const res = await getThroughIngress(
            ingressUrl,
            `${storeId}.localhost`,
          );
          return res.status < 500 ? res : undefined;
        },
        120_000,
      );
      expect(front.status).toBeLessThan(400);
      expect(front.body).not.toContain(DB_ERROR);

      const store = await storeApi(dashboardUrl, token).get(storeId);
      expect(store.json).toMatchObject({ status: 'ready' });
    });

    it('shows the app and the store card in Chromium, served by the chart through dashboard.localhost', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await signInAsGuest(page, dashboardUrl);
        // The stores page lists the store made through the chart's API.
        await page.goto(`${dashboardUrl}/stores`);
        await page.getByText(storeId).first().waitFor();
        await screenshot(page, 'chart-real-app');
        await openStoreCard(page, dashboardUrl, storeId);
        await storeCard(page).getByText('Ready', { exact: true }).waitFor();
        await expect(
          storeCard(page)
            .getByRole('link', { name: new RegExp(`${storeId}\\.localhost`) })
            .count(),
        ).resolves.toBeGreaterThan(0);
        await screenshot(page, 'chart-real-store-card');
      } finally {
        await browser.close();
      }
    });

    it("enforces the chart's NetworkPolicies on the real network", async () => {
      const busybox = realNodeImages().busybox;
      const postgres = `${release}-postgresql.${namespace}.svc:5432`;
      const apiSvc = `${release}-api.${namespace}.svc:80`;
      const dashboardSvc = `${release}-dashboard.${namespace}.svc:80`;
      await core.createNamespace({ body: { metadata: { name: outside } } });
      const probe = async (
        ns: string,
        name: string,
        labels: Record<string, string>,
      ) => {
        await core.createNamespacedPod({
          namespace: ns,
          body: {
            metadata: { name, labels },
            spec: {
              automountServiceAccountToken: false,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 65534,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: 'probe',
                  image: busybox,
                  imagePullPolicy: 'Never',
                  command: ['sleep', '3600'],
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                  },
                },
              ],
            },
          },
        });
        await eventually(
          `probe pod ${ns}/${name} to run`,
          async () => {
            const pod = await core.readNamespacedPod({ namespace: ns, name });
            return isPodReady(pod) ? pod : undefined;
          },
          120_000,
        );
        return (target: string) => {
          const [host, port] = target.split(':');
          return shInPod(
            ns,
            name,
            'probe',
            `if nc -z -w 3 ${host} ${port} 2>/dev/null; then echo open; else echo closed; fi`,
          ).then(out => out.trim());
        };
      };
      const fromOutside = await probe(outside, 'probe', {});
      const fromUnlabelled = await probe(namespace, 'probe', {});
      // A pod wearing the dashboard's labels: what the API's policy admits by label.
      const asDashboard = await probe(namespace, 'as-dashboard', {
        'app.kubernetes.io/name': 'store-platform',
        'app.kubernetes.io/instance': release,
        'app.kubernetes.io/component': 'dashboard',
      });

      // An open connection first, so every "closed" below is the policy, not a broken network.
      await eventually(
        'the dashboard-labelled pod to reach the API',
        async () => ((await asDashboard(apiSvc)) === 'open' ? true : undefined),
      );
      expect({
        outsideToPostgres: await fromOutside(postgres),
        outsideToApi: await fromOutside(apiSvc),
        outsideToDashboard: await fromOutside(dashboardSvc),
        unlabelledToPostgres: await fromUnlabelled(postgres),
        unlabelledToApi: await fromUnlabelled(apiSvc),
        dashboardToPostgres: await asDashboard(postgres),
        dashboardToApi: await asDashboard(apiSvc),
      }).toEqual({
        outsideToPostgres: 'closed',
        outsideToApi: 'closed',
        outsideToDashboard: 'closed',
        unlabelledToPostgres: 'closed',
        unlabelledToApi: 'closed',
        dashboardToPostgres: 'closed',
        dashboardToApi: 'open',
      });

      // The API itself reaches its database (Node's net, the only tool in its image).
      const api = await componentPod('api');
      const fromApi = await shInPod(
        namespace,
        api.metadata!.name!,
        'api',
        `node -e "require('net').connect(5432, '${release}-postgresql').on('connect', () => { console.log('open'); process.exit(0) }).on('error', () => { console.log('closed'); process.exit(0) })"`,
      );
      expect(fromApi.trim()).toBe('open');

      // The probes go, so that only the chart's pods carry its labels again.
      for (const [ns, name] of [
        [outside, 'probe'],
        [namespace, 'probe'],
        [namespace, 'as-dashboard'],
      ]) {
        await core.deleteNamespacedPod({
          namespace: ns,
          name,
          gracePeriodSeconds: 0,
        });
      }
    });

    it('helm uninstall leaves no platform pods; the store keeps running in its namespace until deleted', async () => {
      helm(['uninstall', release, '--namespace', namespace, '--wait']);
      uninstalled = true;
      await eventually(
        `the platform's pods in ${namespace} to be gone`,
        async () => {
          const left = await podsOf(
            namespace,
            `app.kubernetes.io/instance=${release}`,
          );
          if (left.length === 0) return true;
          throw new Error(
            `still there: ${left
              .map(p => `${p.metadata?.name} (${p.status?.phase})`)
              .join(', ')}`,
          );
        },
        180_000,
      );
      // Store namespaces are the platform's data, not Helm's: they stay (docs/deploy.md).
      const storePods = await podsOf(storeNs);
      expect(storePods.some(p => p.status?.phase === 'Running')).toBe(true);
      const front = await getThroughIngress(ingressUrl, `${storeId}.localhost`);
      expect(front.status).toBeLessThan(400);
      // The documented clean-up: the install's store namespaces, by label.
      const leftovers = (
        await core.listNamespace({
          labelSelector: `store-platform.io/installation=${installation}`,
        })
      ).items.map(n => n.metadata!.name);
      expect(leftovers).toEqual([storeNs]);
    });
  },
);
