import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import { PrivateCluster } from '../__testUtils__/privateCluster';
import { runTemplate } from '../__testUtils__/scaffolder';
import { startSecondCluster } from '../__testUtils__/secondCluster';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';
import {
  ownerToken,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';

jest.setTimeout(240_000);

/** Where cluster B's token is kept in cluster A, as docs/multi-cluster.md describes. */
const TOKEN_SECRET = {
  namespace: 'kube-system',
  name: `cluster-b-token-${unique()}`,
};
const ACCOUNT = 'store-platform-multi-cluster';

/**
 * Gives the backend an identity in cluster B: a ServiceAccount with a
 * long-lived token Secret (filled by B's controller-manager), bound to
 * cluster-admin for brevity (a real install binds the chart's ClusterRole),
 * and copies the token into a Secret in cluster A, from which the backend reads it.
 */
async function tokenOfB(b: KubeConfig, a: CoreV1Api): Promise<void> {
  const core = b.makeApiClient(CoreV1Api);
  await core.createNamespacedServiceAccount({
    namespace: 'kube-system',
    body: { metadata: { name: ACCOUNT } },
  });
  await b.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
    body: {
      metadata: { name: ACCOUNT },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [
        { kind: 'ServiceAccount', name: ACCOUNT, namespace: 'kube-system' },
      ],
    },
  });
  await core.createNamespacedSecret({
    namespace: 'kube-system',
    body: {
      metadata: {
        name: ACCOUNT,
        annotations: { 'kubernetes.io/service-account.name': ACCOUNT },
      },
      type: 'kubernetes.io/service-account-token',
    },
  });
  const token = await eventually(
    'the token controller to fill the Secret',
    async () =>
      (
        await core.readNamespacedSecret({
          namespace: 'kube-system',
          name: ACCOUNT,
        })
      ).data?.token,
  );
  await a.createNamespacedSecret({
    namespace: TOKEN_SECRET.namespace,
    body: { metadata: { name: TOKEN_SECRET.name }, data: { token } },
  });
}

describe('stores on two clusters: one goes down, the other keeps working, both recover', () => {
  let clusterB: PrivateCluster | undefined;
  let backend: RunningBackend | undefined;
  let dir: string;
  let coreA: CoreV1Api;
  let coreB: CoreV1Api;
  let api: ReturnType<typeof storeApi>;
  let token: string;
  const onA = `mc-a-${unique()}`;
  const onB = `mc-b-${unique()}`;
  /** Deleted while B is down. */
  const leavingB = `mc-b2-${unique()}`;

  beforeAll(async () => {
    const a = testKubeConfig();
    coreA = a.makeApiClient(CoreV1Api);
    clusterB = startSecondCluster();
    const b = new KubeConfig();
    b.loadFromFile(clusterB.kubeconfig);
    coreB = b.makeApiClient(CoreV1Api);
    await tokenOfB(b, coreA);

    dir = mkdtempSync(join(tmpdir(), 'two-clusters-'));
    const bServer = b.getCurrentCluster()!;
    const caData =
      bServer.caData ?? readFileSync(bServer.caFile!).toString('base64');
    const config = join(dir, 'clusters.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        storePlatform: {
          clusters: [
            {
              name: 'a',
              kubeconfig: { path: process.env.KUBECONFIG },
              labels: { site: 'a' },
            },
            {
              name: 'b',
              url: bServer.server,
              caData,
              serviceAccountToken: {
                secretNamespace: TOKEN_SECRET.namespace,
                secretName: TOKEN_SECRET.name,
              },
              labels: { site: 'b' },
              capacity: 2,
            },
            // Cluster A again under another name, open to a group the guest is not in.
            {
              name: 'restricted',
              kubeconfig: { path: process.env.KUBECONFIG },
              users: ['group:default/nobody-here'],
            },
          ],
          clusterHealth: { intervalSeconds: 1 },
          reconciler: { intervalSeconds: 2 },
          deletion: { sweepSeconds: 2 },
        },
      }),
    );
    backend = await startBackend({
      noWatch: true,
      extraConfig: readFileSync(config, 'utf8'),
    });
    token = await ownerToken(backend.baseUrl);
    api = storeApi(backend.baseUrl, token);
  });

  afterAll(async () => {
    // Always: cluster B must not outlive the run, whatever failed above.
    await backend?.stop().catch(() => undefined);
    clusterB?.stop();
    await coreA?.deleteNamespacedSecret(TOKEN_SECRET).catch(() => undefined);
    await coreA
      ?.deleteNamespace({ name: `store-${onA}` })
      .catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const exists = (core: CoreV1Api, id: string) =>
    core.readNamespace({ name: `store-${id}` }).then(
      () => true,
      () => false,
    );

  it('places stores on the cluster the form names, refusing an unknown or full one', async () => {
    const run = (id: string, cluster: string) =>
      runTemplate(
        backend!.baseUrl,
        token,
        'template:default/store',
        storeForm(id, { cluster }),
      );
    const tasks = await Promise.all([
      run(onA, 'a'),
      run(onB, 'b'),
      run(leavingB, 'b'),
    ]);
    expect(tasks.map(t => t.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect((await api.get(onA)).json).toMatchObject({
      cluster: 'a',
      status: 'ready',
    });
    expect((await api.get(onB)).json).toMatchObject({
      cluster: 'b',
      status: 'ready',
    });
    // Each namespace is on its own cluster only.
    expect(await exists(coreA, onA)).toBe(true);
    expect(await exists(coreB, onB)).toBe(true);
    expect(await exists(coreA, onB)).toBe(false);
    expect(await exists(coreB, onA)).toBe(false);

    const unknown = await run(`mc-x-${unique()}`, 'nowhere');
    expect(unknown.status).toBe('failed');
    expect(unknown.log.join('\n')).toMatch(
      /cluster: "nowhere" is not a configured cluster; choose one of a, b, restricted/,
    );
    // The reference policy: the guest may not use a cluster open to others only.
    const notMine = `mc-r-${unique()}`;
    const forbidden = await run(notMine, 'restricted');
    expect(forbidden.status).toBe('failed');
    expect(forbidden.log.join('\n')).toContain(
      'cluster: not allowed to place stores on cluster restricted; you may use a, b',
    );
    expect((await api.get(notMine)).status).toBe(404);
    const listed = await api.call('GET', '/clusters');
    expect(listed.json.items.map((c: any) => c.name)).toEqual(['a', 'b']);

    const full = `mc-full-${unique()}`;
    const refused = await run(full, 'b');
    expect(refused.status).toBe('failed');
    expect(refused.log.join('\n')).toMatch(
      /cluster: b is full \(capacity 2 stores, 2 placed\)/,
    );
    expect((await api.get(full)).status).toBe(404);
    expect(await exists(coreB, full)).toBe(false);

    // The Kubernetes tab asks the store's own cluster.
    const entity = await (
      await fetch(
        `${
          backend!.baseUrl
        }/api/catalog/entities/by-name/resource/default/${onB}`,
        { headers: { authorization: `Bearer ${token}` } },
      )
    ).json();
    expect(entity.metadata.annotations['backstage.io/kubernetes-cluster']).toBe(
      'b',
    );
  });

  it("shows B's stores as unreachable while B is down, leaving them as they are, while A's stores keep working", async () => {
    clusterB!.down();
    const seen = await eventually(
      `store ${onB} to say its cluster is unreachable`,
      async () => {
        const store = (await api.get(onB)).json;
        return store?.clusterUnreachable ? store : undefined;
      },
      30_000,
    );
    expect(seen.clusterUnreachable).toMatch(/^cluster unreachable: b \(/);
    expect(seen.status).toBe('ready');
    // A deletion asked for now waits for the cluster rather than failing the store.
    expect((await api.remove(leavingB)).status).toBe(202);
    // The card's readings say why, rather than hang or blame the store.
    const events = await api.call('GET', `/stores/${onB}/kubernetes-events`);
    expect(events.status).toBe(503);
    expect(events.text).toContain('cluster unreachable: b');

    // Cluster A's store: untouched, readable, operable.
    const a = (await api.get(onA)).json;
    expect(a.clusterUnreachable).toBeUndefined();
    expect(
      (await api.call('GET', `/stores/${onA}/kubernetes-events`)).status,
    ).toBe(200);
    // A day-two operation through its template. (Suspend rather than resize: a growing resize
    // can race the API server's quota cache under load, which has nothing to do with clusters.)
    const suspend = await runTemplate(
      backend!.baseUrl,
      token,
      'template:default/store-suspend',
      { name: onA },
    );
    expect(suspend.status).toBe('completed');
    expect((await api.get(onA)).json).toMatchObject({ status: 'suspended' });

    // Several reconciler runs later, B's store is still ready, with no drift blamed on it.
    await new Promise(r => setTimeout(r, 5_000));
    const still = (await api.get(onB)).json;
    expect(still.status).toBe('ready');
    expect(still.statusMessage ?? '').not.toMatch(/^drift:/);
    expect((await api.get(leavingB)).json).toMatchObject({
      status: 'deleting',
      clusterUnreachable: expect.stringContaining('cluster unreachable: b'),
    });
  });

  it("recovers B's stores when B is back, finishes the deletion that waited, and deletes A's store on A", async () => {
    clusterB!.restart();
    await eventually(
      `store ${onB} to be reachable again`,
      async () => {
        const store = (await api.get(onB)).json;
        return store && !store.clusterUnreachable ? store : undefined;
      },
      30_000,
    );
    expect(
      (await api.call('GET', `/stores/${onB}/kubernetes-events`)).status,
    ).toBe(200);
    expect((await api.get(onB)).json).toMatchObject({
      status: 'ready',
      cluster: 'b',
    });
    expect(await exists(coreB, onB)).toBe(true);
    // The waiting deletion runs on B once it answers.
    await api.waitFor(leavingB, status => status === 'gone', 60_000);
    expect(await exists(coreB, leavingB)).toBe(false);

    expect((await api.remove(onA)).status).toBe(202);
    await api.waitFor(onA, status => status === 'gone', 60_000);
    await eventually(`namespace store-${onA} to be gone from A`, async () =>
      (await exists(coreA, onA)) ? undefined : true,
    );
  });
});
