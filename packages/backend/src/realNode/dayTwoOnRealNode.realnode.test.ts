import { CoreV1Api } from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  getThroughIngress,
  realNodeEnabled,
  realNodeIngressUrl,
  runningContainersOf,
  shInPod,
  startRealNodeBackend,
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

jest.setTimeout(1_200_000);

/**
 * A row of our own in the store's database: what a backup must keep and a
 * restore bring back. The password comes from the container's environment
 * into the client's (MYSQL_PWD), never onto a command line.
 */
function sql(statement: string): string {
  return `MYSQL_PWD="$MARIADB_PASSWORD" mariadb -N -u "$MARIADB_USER" "$MARIADB_DATABASE" -e "${statement}"`;
}

/**
 * Only against `TEST_CLUSTER_REAL_NODE=1 scripts/test-cluster up`: day-two
 * operations on a store whose MariaDB and WordPress really run. The backup
 * Job really runs mariadb-dump and tar, a restore really loads them, a clone
 * really copies them between namespaces under the stores' NetworkPolicies, and
 * a suspended store really stops its containers while the real ingress
 * controller answers 503.
 */
(realNodeEnabled ? describe : describe.skip)(
  'day-two operations on the real node, through the real scaffolder (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    const id = `day2-${unique()}`;
    const cloneId = `${id}-copy`;
    let backend: RunningBackend;
    let token: string;
    let ingressUrl: string;
    let api: ReturnType<typeof storeApi>;
    let backupId: string;

    /** Runs a template to its end; a task that does not complete fails the test with its log's end. */
    async function run(template: string, values: Record<string, unknown>) {
      const task = await runTemplate(
        backend.baseUrl,
        token,
        `template:default/${template}`,
        values,
        600_000,
      );
      if (task.status !== 'completed') {
        throw new Error(
          `${template} ended ${task.status}:\n${task.log
            .slice(-20)
            .join('\n')}`,
        );
      }
      return task;
    }

    async function inDatabase(storeId: string, statement: string) {
      const [pod] = (
        await core.listNamespacedPod({
          namespace: `store-${storeId}`,
          labelSelector: 'app.kubernetes.io/component=database',
        })
      ).items;
      return (
        await shInPod(
          `store-${storeId}`,
          pod.metadata!.name!,
          'mariadb',
          sql(statement),
        )
      ).trim();
    }

    const marker = (storeId: string) =>
      inDatabase(storeId, 'SELECT v FROM day_two_marker');

    beforeAll(async () => {
      ingressUrl = realNodeIngressUrl();
      backend = await startRealNodeBackend();
      token = await ownerToken(backend.baseUrl);
      api = storeApi(backend.baseUrl, token);
      await run('store', storeForm(id));
    });

    afterAll(async () => {
      for (const storeId of [id, cloneId]) {
        await api?.remove(storeId).catch(() => undefined);
      }
      for (const storeId of [id, cloneId]) {
        await api
          ?.waitFor(storeId, s => s === 'gone', 300_000)
          .catch(() => undefined);
      }
      await backend?.stop();
    });

    it('backs up the real database and wp-content, and restores them into the store', async () => {
      // The test images' bootstrap does not install WordPress (its wp is a test
      // double): give the database the options table an installed one has, which
      // a restore checks for and keeps the store's own address in.
      await inDatabase(
        id,
        'CREATE TABLE wp_options (option_name VARCHAR(191) PRIMARY KEY, option_value LONGTEXT); ' +
          `INSERT INTO wp_options VALUES ('siteurl', 'http://${id}.localhost'), ('home', 'http://${id}.localhost'); ` +
          "CREATE TABLE day_two_marker (v VARCHAR(40)); INSERT INTO day_two_marker VALUES ('before-backup')",
      );

      await run('store-backup', { name: id });
      const listed = (await api.call('GET', `/stores/${id}/backups`)).json;
      const [newest] = listed.items;
      expect(newest).toMatchObject({ status: 'succeeded' });
      expect(newest.sizeBytes).toBeGreaterThan(0);
      backupId = newest.id;

      await inDatabase(id, "UPDATE day_two_marker SET v = 'after-backup'");
      expect(await marker(id)).toBe('after-backup');

      await run('store-restore', {
        name: id,
        backup: backupId,
        confirmOverwrite: true,
      });
      expect(await marker(id)).toBe('before-backup');
      expect((await api.get(id)).json).toMatchObject({
        status: 'ready',
        lastOperation: { kind: 'restore', outcome: 'succeeded' },
      });
      const front = await eventually(
        `${id}.localhost to answer after the restore`,
        async () => {
          const res = await getThroughIngress(ingressUrl, `${id}.localhost`);
          return res.status < 400 ? res : undefined;
        },
        120_000,
      );
      expect(front.status).toBeLessThan(400);
    });

    it('clones the backup into a new store with its own Secrets, copying across namespaces', async () => {
      await run('store-restore', {
        name: id,
        backup: backupId,
        targetName: cloneId,
        owner: 'group:default/store-owners',
      });
      expect((await api.get(cloneId)).json).toMatchObject({
        status: 'ready',
        owner: 'group:default/store-owners',
      });
      expect(await marker(cloneId)).toBe('before-backup');
      // The clone answers at its own address, not the source's.
      expect(
        await inDatabase(
          cloneId,
          "SELECT option_value FROM wp_options WHERE option_name = 'home'",
        ),
      ).toBe(`http://${cloneId}.localhost`);
      const sourceSecrets = await generatedSecrets(core, id);
      const cloneSecrets = await generatedSecrets(core, cloneId);
      for (const secret of cloneSecrets) {
        expect(sourceSecrets).not.toContain(secret);
      }
      const front = await eventually(
        `${cloneId}.localhost to answer`,
        async () => {
          const res = await getThroughIngress(
            ingressUrl,
            `${cloneId}.localhost`,
          );
          return res.status < 400 ? res : undefined;
        },
        120_000,
      );
      expect(front.status).toBeLessThan(400);
    });

    it('suspends: its containers stop and the ingress answers 503; resume brings it back with its data', async () => {
      await run('store-suspend', { name: id });
      expect((await api.get(id)).json.status).toBe('suspended');
      await eventually(
        `the containers of store-${id} to stop`,
        async () =>
          runningContainersOf(`store-${id}`).length === 0 ? true : undefined,
        120_000,
      );
      const paused = await eventually(
        `${id}.localhost to answer 503`,
        async () => {
          const res = await getThroughIngress(ingressUrl, `${id}.localhost`);
          return res.status === 503 ? res : undefined;
        },
        60_000,
      );
      expect(paused.status).toBe(503);

      await run('store-resume', { name: id });
      expect((await api.get(id)).json.status).toBe('ready');
      expect(await marker(id)).toBe('before-backup');
      const back = await eventually(
        `${id}.localhost to answer again`,
        async () => {
          const res = await getThroughIngress(ingressUrl, `${id}.localhost`);
          return res.status < 400 ? res : undefined;
        },
        120_000,
      );
      expect(back.status).toBeLessThan(400);
    });
  },
);
