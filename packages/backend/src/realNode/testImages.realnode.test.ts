import { request } from 'node:http';
import {
  CoreV1Api,
  KubernetesObject,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  applyObject,
  BuildContext,
  buildStoreObjects,
  componentSelector,
  kubeClients,
  OBJECT_NAMES,
  provisioningConfigWith,
  resetAdminPassword,
  SECRET_KEYS,
  StoreComponent,
  storeNamespace,
  StoreObjects,
  StoreSecrets,
  StoreSpec,
  waitForDeploymentReady,
  waitForJobCompletion,
  waitForStatefulSetReady,
} from '@store-platform/plugin-store-platform-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  REAL_NODE_LABEL,
  realNodeEnabled,
  realNodeImages,
  shInPod,
} from '../__testUtils__/realNode';
import { renderChart } from '../deploy/__testUtils__/helm';

// A cold `scripts/test-cluster images` builds four images from Debian packages first.
jest.setTimeout(300_000);
const COLD_IMAGE_BUILD_MS = 15 * 60_000;

/** Served by the real node's provisioner (scripts/test-cluster.d/local-volumes.sh). */
const REAL_NODE_STORAGE_CLASS = 'store-platform-local';
const DATABASE_ERROR = 'Error establishing a database connection';
const BOOTSTRAP_STEPS = 7;

/** The node's images (`scripts/test-cluster images` builds and imports them when needed). */
function testImages(): Map<string, string> {
  const images = new Map(Object.entries(realNodeImages()));
  for (const name of ['busybox', 'mariadb', 'wordpress', 'bootstrap']) {
    if (!images.has(name)) throw new Error(`no ${name} test image`);
  }
  return images;
}

/** A GET from this host to a pod address (no redirects followed). */
function get(
  url: string,
): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { timeout: 10_000 }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => {
        body += chunk;
      });
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          body,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timeout`)));
    req.on('error', fail);
    req.end();
  });
}

/** No process of the container has one of `passwords` on its command line. */
async function expectNoPasswordOnCommandLines(
  namespace: string,
  pod: string,
  container: string,
  passwords: string[],
) {
  const argv = await shInPod(
    namespace,
    pod,
    container,
    "for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' <\"$f\"; echo; done",
  );
  expect(argv).not.toBe('');
  for (const password of passwords) expect(argv).not.toContain(password);
}

/**
 * The test images of the real node (scripts/test-cluster.d/images) run by the
 * product's own pod specs: the node library builds a store's objects with only
 * the images and the StorageClass overridden, and each image must honour the
 * contract of the image it stands for (mariadb:10.11, the WordPress image,
 * wordpress:cli). Skipped unless TEST_CLUSTER_REAL_NODE=1 (kwok runs nothing).
 */
(realNodeEnabled ? describe : describe.skip)(
  'the test images on the real node, run by the store pod specs (TEST_CLUSTER_REAL_NODE=1 only)',
  () => {
    const kc = testKubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const secrets = StoreSecrets.generate();
    const passwords = Object.values(secrets.reveal());
    const spec: StoreSpec = {
      id: `images-${Math.random().toString(36).slice(2, 7)}`,
      title: "Test images' store",
      engine: 'woocommerce',
      size: 'small',
      adminEmail: 'owner@example.com',
      owner: 'group:default/team',
    };
    const namespace = storeNamespace(spec.id);
    let ctx: BuildContext;
    let objects: StoreObjects;

    const apply = (obj: KubernetesObject) => applyObject(kubeClients(kc), obj);

    const run = (pod: string, container: string, script: string) =>
      shInPod(namespace, pod, container, script);

    const podOf = async (component: StoreComponent): Promise<V1Pod> => {
      const selector = Object.entries(componentSelector(spec.id, component))
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return eventually(`a ${component} pod`, async () => {
        const list = await core.listNamespacedPod({
          namespace,
          labelSelector: selector,
        });
        return list.items.find(p => !p.metadata?.deletionTimestamp);
      });
    };

    const expectNoPasswordInArgv = (pod: string, container: string) =>
      expectNoPasswordOnCommandLines(namespace, pod, container, passwords);

    beforeAll(async () => {
      const images = testImages();
      ctx = {
        spec,
        config: provisioningConfigWith({
          images: {
            mariadb: images.get('mariadb')!,
            wordpress: images.get('wordpress')!,
            wpCli: images.get('bootstrap')!,
            busybox: images.get('busybox')!,
          },
          storageClassName: REAL_NODE_STORAGE_CLASS,
        }),
      };
      objects = buildStoreObjects(ctx, secrets);
      // Pod specs, quota and limits as the product applies them; the network policies,
      // the ingress and their controllers are other suites' subject.
      for (const obj of [
        objects.namespace,
        ...objects.policies.filter(p => p.kind !== 'NetworkPolicy'),
        objects.secret,
        ...objects.database,
        ...objects.storefront,
      ]) {
        await apply(obj);
      }
    }, COLD_IMAGE_BUILD_MS + 60_000);

    afterAll(async () => {
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    });

    it('MariaDB initialises its empty volume from the Secret and is Ready, as uid 999 on a read-only root', async () => {
      await waitForStatefulSetReady(kc, namespace, OBJECT_NAMES.mariadb, {
        timeoutMs: 120_000,
      });
      const pod = await podOf('database');
      const node = await core.readNode({ name: pod.spec!.nodeName! });
      expect(node.metadata?.labels?.[REAL_NODE_LABEL]).toBe('true');

      const out = await run(
        pod.metadata!.name!,
        'mariadb',
        [
          'id -u; id -g',
          'touch /probe 2>/dev/null && echo root-writable || echo root-read-only',
          'ls -d /var/lib/mysql/wordpress',
          'healthcheck.sh --connect --innodb_initialized && echo healthy',
          // The passwords stay in the environment: MYSQL_PWD, never argv.
          'MYSQL_PWD="$MARIADB_PASSWORD" mariadb -h mariadb -u wordpress -N -B -e "SELECT CURRENT_USER(), DATABASE()" wordpress',
          'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb -h 127.0.0.1 -u root -N -B -e "SELECT CURRENT_USER()"',
          'MYSQL_PWD=wrong mariadb -h 127.0.0.1 -u wordpress -e "SELECT 1" 2>&1 | grep -o "Access denied" || true',
        ].join('\n'),
      );
      expect(out.trim().split('\n')).toEqual([
        '999',
        '999',
        'root-read-only',
        '/var/lib/mysql/wordpress',
        'healthy',
        'wordpress@%\twordpress',
        'root@%',
        'Access denied',
      ]);
      await expectNoPasswordInArgv(pod.metadata!.name!, 'mariadb');
    });

    it('MariaDB reuses an initialised volume after a restart', async () => {
      const before = await podOf('database');
      await core.deleteNamespacedPod({
        name: before.metadata!.name!,
        namespace,
      });
      await eventually('a new mariadb pod', async () => {
        const pod = await podOf('database');
        return pod.metadata!.uid !== before.metadata!.uid ? pod : undefined;
      });
      await waitForStatefulSetReady(kc, namespace, OBJECT_NAMES.mariadb, {
        timeoutMs: 120_000,
      });
      const logs = await core.readNamespacedPodLog({
        name: before.metadata!.name!,
        namespace,
        container: 'mariadb',
      });
      expect(logs).toContain('skipping initialisation');
      expect(logs).not.toContain('Initializing database files');
    });

    it('WordPress fills its empty volume, runs Apache on 8080 as uid 33 and reaches MariaDB by the headless Service name', async () => {
      await waitForDeploymentReady(kc, namespace, OBJECT_NAMES.wordpress, {
        timeoutMs: 120_000,
      });
      const pod = await podOf('storefront');
      const database = await podOf('database');
      const out = await run(
        pod.metadata!.name!,
        'wordpress',
        [
          'id -u; id -g',
          'stat -c "%u %n" /var/www/html/wp-includes/version.php /var/www/html/wp-config.php',
          'getent hosts mariadb | cut -d" " -f1',
        ].join('\n'),
      );
      expect(out.trim().split('\n')).toEqual([
        '33',
        '33',
        '33 /var/www/html/wp-includes/version.php',
        '33 /var/www/html/wp-config.php',
        database.status!.podIP!,
      ]);

      const base = `http://${pod.status!.podIP!}:8080`;
      const login = await get(`${base}/wp-login.php`);
      expect(login.status).toBe(302);
      expect(login.location).toContain('/wp-admin/install.php');
      const install = await get(`${base}/wp-admin/install.php`);
      expect(install.status).toBe(200);
      expect(install.body).toContain('WordPress');
      expect(install.body).not.toContain(DATABASE_ERROR);

      const logs = await core.readNamespacedPodLog({
        name: pod.metadata!.name!,
        namespace,
        container: 'wordpress',
      });
      expect(logs).toContain('WordPress has been successfully copied');
      expect(logs).toMatch(/"GET \/wp-admin\/install.php HTTP\/1.1" 200/);
      await expectNoPasswordInArgv(pod.metadata!.name!, 'wordpress');
    });

    it('the bootstrap Job runs every step against the real volume and database (wp is the test double) and exits 0', async () => {
      await apply(objects.bootstrapJob);
      const name = objects.bootstrapJob.metadata!.name!;
      await waitForJobCompletion(kc, namespace, name, { timeoutMs: 180_000 });
      const pod = await eventually('the bootstrap pod', async () => {
        const list = await core.listNamespacedPod({
          namespace,
          labelSelector: `job-name=${name}`,
        });
        return list.items.find(p => p.status?.phase === 'Succeeded');
      });
      const state = pod.status?.containerStatuses?.[0].state?.terminated;
      expect(state?.exitCode).toBe(0);

      const logs = await core.readNamespacedPodLog({
        name: pod.metadata!.name!,
        namespace,
        container: 'bootstrap',
      });
      for (let step = 1; step <= BOOTSTRAP_STEPS; step++) {
        expect(logs).toContain(`bootstrap: step ${step}/${BOOTSTRAP_STEPS}`);
      }
      expect(logs).toContain('bootstrap: WordPress installed');
      expect(logs).toContain('bootstrap: seeded Sample Product');
      expect(logs).toContain('bootstrap: done');
      for (const password of passwords) expect(logs).not.toContain(password);
    });

    it('the admin-password Job changes the password with the same image (its wp is the test double) and exits 0', async () => {
      const secretBefore = await core.readNamespacedSecret({
        name: OBJECT_NAMES.mariadbSecret,
        namespace,
      });
      await resetAdminPassword(kc, ctx.config, spec.id, {
        size: spec.size,
        timeoutMs: 180_000,
      });
      // Resolved: the product's waiter saw the Job complete (its container exited 0); it
      // then stores the new password in the Secret and removes the Job.
      const secretAfter = await core.readNamespacedSecret({
        name: OBJECT_NAMES.mariadbSecret,
        namespace,
      });
      const key = SECRET_KEYS.adminPassword;
      expect(secretAfter.data?.[key]).not.toBe(secretBefore.data?.[key]);
    });

    it('WordPress shows its database error page while MariaDB is down', async () => {
      const pod = await podOf('storefront');
      const statefulSet = objects.database.find(o => o.kind === 'StatefulSet')!;
      await apply({
        ...statefulSet,
        spec: { ...(statefulSet as V1StatefulSet).spec!, replicas: 0 },
      } as V1StatefulSet);
      const page = await eventually(
        'the database error page',
        async () => {
          const res = await get(
            `http://${pod.status!.podIP!}:8080/wp-login.php`,
          );
          return res.body.includes(DATABASE_ERROR) ? res : undefined;
        },
        90_000,
      );
      expect(page.status).toBe(500);
    });
  },
);

/**
 * The postgresql test image (it stands for postgres:17.6-bookworm) run by the chart's own
 * StatefulSet: `helm template` of helm/store-platform with the in-chart PostgreSQL enabled
 * and only its image and StorageClass overridden; its Service and generated Secret beside
 * it. A client pod of the same image logs in over the Service as Backstage does.
 */
(realNodeEnabled ? describe : describe.skip)(
  "the postgresql test image on the real node, run by the chart's StatefulSet (TEST_CLUSTER_REAL_NODE=1 only)",
  () => {
    const kc = testKubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const namespace = `pg-image-${Math.random().toString(36).slice(2, 7)}`;
    const client = 'psql-client';
    let name: string;
    let passwords: string[];
    // The database a Backstage plugin would make (the user needs CREATEDB).
    const pluginDatabase = 'backstage_plugin_catalog';

    const apply = (obj: KubernetesObject) => applyObject(kubeClients(kc), obj);
    const run = (pod: string, container: string, script: string) =>
      shInPod(namespace, pod, container, script);
    const logOf = (pod: string) =>
      core.readNamespacedPodLog({
        name: pod,
        namespace,
        container: 'postgresql',
      });
    /**
     * psql in the client pod over the Service; `password` is shell text for PGPASSWORD (by
     * default the Secret's, from the pod's environment: never on a command line).
     */
    const psql = (sql: string, password = '"$POSTGRES_PASSWORD"') =>
      run(
        client,
        'psql',
        `PGCONNECT_TIMEOUT=5 PGPASSWORD=${password} psql -h ${name} -U "$POSTGRES_USER" -w -X -A -t -v ON_ERROR_STOP=1 <<'SQL'\n${sql}\nSQL`,
      );

    /**
     * Until the Service leads to the Ready pod: its endpoints and kube-proxy's rules follow
     * readiness a moment later (a connection made before goes to the old pod and times out).
     */
    const serviceReachesPostgres = () =>
      eventually(
        'PostgreSQL over its Service',
        () => psql('SELECT 1').then(out => (out === '1\n' ? out : undefined)),
        60_000,
      );

    beforeAll(async () => {
      const image = realNodeImages().postgresql;
      if (!image) throw new Error('no postgresql test image');
      const tag = image.lastIndexOf(':');
      const objects = renderChart({
        release: 'store-platform',
        namespace,
        set: {
          'postgresql.enabled': 'true',
          'postgresql.image.repository': image.slice(0, tag),
          'postgresql.image.tag': image.slice(tag + 1),
          'postgresql.persistence.storageClassName': REAL_NODE_STORAGE_CLASS,
        },
      }).filter(
        o =>
          o.metadata.labels?.['app.kubernetes.io/component'] === 'postgresql' &&
          ['StatefulSet', 'Service', 'Secret'].includes(o.kind),
      );
      const statefulSet = objects.find(o => o.kind === 'StatefulSet');
      const secret = objects.find(o => o.kind === 'Secret');
      if (!statefulSet || !secret || objects.length !== 3)
        throw new Error(
          `the chart rendered ${objects
            .map(o => o.kind)
            .join(', ')} for postgresql`,
        );
      name = statefulSet.metadata.name;
      passwords = Object.values<string>(secret.data).map(v =>
        Buffer.from(v, 'base64').toString('utf8'),
      );

      await core.createNamespace({ body: { metadata: { name: namespace } } });
      for (const obj of objects)
        await apply({ ...obj, metadata: { ...obj.metadata, namespace } });
      // The client: the same image, pod and container hardening, and environment.
      const pod = statefulSet.spec.template.spec;
      const server = pod.containers[0];
      await core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name: client },
          spec: {
            automountServiceAccountToken: false,
            securityContext: pod.securityContext,
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'psql',
                image,
                imagePullPolicy: server.imagePullPolicy,
                command: ['sleep', 'infinity'],
                env: server.env,
                securityContext: server.securityContext,
                resources: { limits: { cpu: '200m', memory: '64Mi' } },
              },
            ],
          },
        },
      });
    }, COLD_IMAGE_BUILD_MS + 60_000);

    afterAll(async () => {
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    });

    it('initialises its empty PGDATA from the Secret and is Ready (pg_isready probes), as uid 999 on a read-only root, postgres as PID 1', async () => {
      await waitForStatefulSetReady(kc, namespace, name, {
        timeoutMs: 120_000,
      });
      const pod = await core.readNamespacedPod({
        name: `${name}-0`,
        namespace,
      });
      const node = await core.readNode({ name: pod.spec!.nodeName! });
      expect(node.metadata?.labels?.[REAL_NODE_LABEL]).toBe('true');

      const out = await run(
        `${name}-0`,
        'postgresql',
        [
          'id -u; id -g',
          'touch /probe 2>/dev/null && echo root-writable || echo root-read-only',
          'echo "$PGDATA"; cat "$PGDATA/PG_VERSION"; stat -c "%a %u" "$PGDATA"',
          "tr '\\0' ' ' </proc/1/cmdline; echo",
          'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER"',
        ].join('\n'),
      );
      expect(out.trim().split('\n')).toEqual([
        '999',
        '999',
        'root-read-only',
        '/var/lib/postgresql/data/pgdata',
        '15',
        '700 999',
        'postgres ',
        '127.0.0.1:5432 - accepting connections',
      ]);
      await expectNoPasswordOnCommandLines(
        namespace,
        `${name}-0`,
        'postgresql',
        passwords,
      );
    });

    it('lets the user in over the Service with the password only (scram-sha-256), as a superuser that creates a database', async () => {
      await eventually('the psql client pod running', async () => {
        const pod = await core.readNamespacedPod({ name: client, namespace });
        return pod.status?.phase === 'Running' ? pod : undefined;
      });
      await serviceReachesPostgres();
      expect(
        await psql(
          'SELECT current_user, current_database(), rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user',
        ),
      ).toBe('backstage|backstage|t|t\n');
      expect(await psql(`CREATE DATABASE ${pluginDatabase}`)).toBe(
        'CREATE DATABASE\n',
      );
      expect(
        await psql(
          "SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' AND address = 'all'",
        ),
      ).toBe('scram-sha-256\n');
      await expect(psql('SELECT 1', 'wrong')).rejects.toThrow(
        'password authentication failed for user "backstage"',
      );
      await expect(psql('SELECT 1', "''")).rejects.toThrow(
        'no password supplied',
      );

      const log = await logOf(`${name}-0`);
      expect(log).toContain('Initializing database files');
      expect(log).toContain('database system is ready to accept connections');
      // The refused login names the rule that asked for the password.
      expect(log).toContain('host all all all scram-sha-256');
      for (const password of passwords) expect(log).not.toContain(password);
    });

    it('stops cleanly when its pod is deleted and the next one reuses the volume', async () => {
      const before = await core.readNamespacedPod({
        name: `${name}-0`,
        namespace,
      });
      await core.deleteNamespacedPod({ name: `${name}-0`, namespace });
      await eventually('a new postgresql pod', async () => {
        const pod = await core.readNamespacedPod({
          name: `${name}-0`,
          namespace,
        });
        return pod.metadata!.uid !== before.metadata!.uid ? pod : undefined;
      });
      await waitForStatefulSetReady(kc, namespace, name, {
        timeoutMs: 120_000,
      });
      await serviceReachesPostgres();

      const log = await logOf(`${name}-0`);
      expect(log).toContain('Skipping initialization');
      // What the server says after a shutdown it completed (else "was interrupted").
      expect(log).toMatch(/database system was shut down at/);
      expect(log).not.toContain('Initializing database files');
      expect(
        await psql(
          `SELECT datname FROM pg_database WHERE datname = '${pluginDatabase}'`,
        ),
      ).toBe(`${pluginDatabase}\n`);
      for (const password of passwords) expect(log).not.toContain(password);
    });
  },
);
