import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import yaml from 'yaml';
import {
  Person,
  provisionStoreAs,
  startAliceAndBob,
  STORE_OWNERS as OWNERS,
} from '../__testUtils__/aliceAndBob';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  FaultProxy,
  startFaultProxy,
  writes,
} from '../__testUtils__/faultProxy';
import { dropNamespace, unique } from '../__testUtils__/storeApi';
import { TwoTeamBackends } from '../__testUtils__/twoTeamBackends';

jest.setTimeout(600_000);

const TEMPLATES = [
  'store',
  'store-suspend',
  'store-resume',
  'store-resize',
  'store-upgrade',
];
/** The images this platform gives stores now; the store is made to run older ones before an upgrade. */
const CONFIGURED = {
  wordpress: `store-platform-wordpress-woocommerce:day-two-${unique()}`,
  mariadb: 'mariadb:11.4',
};
const OLDER = {
  wordpress: 'store-platform-wordpress-woocommerce:older',
  mariadb: 'mariadb:10.11',
};

/** Creates a task of template `name` as `person` and returns the scaffolder's answer, without waiting. */
async function createTask(
  person: Person,
  name: string,
  values: Record<string, unknown>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${person.baseUrl}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${person.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ templateRef: `template:default/${name}`, values }),
  });
  return { status: res.status, text: await res.text() };
}

/**
 * Day two, scale: suspend, resume, resize and upgrade of one store through
 * the real scaffolder, on the local control plane reached through the fault
 * proxy, with the real permission backend. Two replicas of one platform sign
 * their guest in as Alice (of store-owners, who makes the store) and Bob (of
 * another team).
 */
describe('suspending, resuming, resizing and upgrading a store', () => {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  let proxy: FaultProxy;
  let backends: TwoTeamBackends;
  let alice: Person;
  let bob: Person;
  const id = `scale-${unique()}`;
  const namespace = `store-${id}`;

  beforeAll(async () => {
    proxy = await startFaultProxy(kc);
    ({ backends, alice, bob } = await startAliceAndBob({
      templates: TEMPLATES,
      extraConfig: yaml.stringify({
        storePlatform: {
          kubernetes: {
            mode: 'kubeconfig',
            kubeconfigPath: proxy.kubeconfigPath,
          },
          provisioning: {
            images: CONFIGURED,
            // Short rollout waits: the upgrade that never gets ready is rolled back after 10 s.
            timeouts: {
              databaseReadyMs: 20_000,
              storefrontReadyMs: 10_000,
              bootstrapMs: 60_000,
              deleteMs: 60_000,
            },
          },
        },
      }),
    }));
    await provisionStoreAs(alice, id);
  });

  afterAll(async () => {
    proxy?.setRule(undefined);
    await backends?.stop();
    await proxy?.close();
    await dropNamespace(core, id);
  });

  const status = async () => (await alice.stores.get(id)).json;
  const workloads = async () => {
    const [d, s] = await Promise.all([
      apps.readNamespacedDeployment({ name: 'wordpress', namespace }),
      apps.readNamespacedStatefulSet({ name: 'mariadb', namespace }),
    ]);
    return {
      replicas: [d.spec?.replicas, s.spec?.replicas],
      ready: [d.status?.readyReplicas ?? 0, s.status?.readyReplicas ?? 0],
      images: {
        wordpress: d.spec?.template.spec?.containers[0].image,
        mariadb: s.spec?.template.spec?.containers[0].image,
      },
      cpu: d.spec?.template.spec?.containers[0].resources?.requests?.cpu,
    };
  };
  /** Makes the store run older images, as one made before the platform's images changed. */
  const ageStore = async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const withImage = (kind: string, name: string, image: string) =>
      objects.patch(
        {
          apiVersion: 'apps/v1',
          kind,
          metadata: { name, namespace },
          spec: { template: { spec: { containers: [{ name, image }] } } },
        },
        undefined,
        undefined,
        'day-two-test',
        undefined,
        PatchStrategy.StrategicMergePatch,
      );
    await withImage('StatefulSet', 'mariadb', OLDER.mariadb);
    await withImage('Deployment', 'wordpress', OLDER.wordpress);
    await eventually('the older images to be ready', async () => {
      const w = await workloads();
      return w.images.wordpress === OLDER.wordpress &&
        w.ready.every(r => r === 1)
        ? true
        : undefined;
    });
  };

  it('refuses bad input naming the field, and an unknown store, changing nothing', async () => {
    const badSize = await createTask(alice, 'store-resize', {
      name: id,
      size: 'huge',
    });
    expect(badSize.status).toBe(400);
    expect(badSize.text).toContain('size');

    const unknown = await alice.run('store-resize', {
      name: `no-such-${unique()}`,
      size: 'large',
    });
    expect(unknown.status).toBe('failed');
    expect(unknown.log.join('\n')).toMatch(/name: there is no store "no-such-/);
    expect(await status()).toMatchObject({ status: 'ready', size: 'small' });
  });

  it("refuses another team's user through the permission backend, and a resume of a ready store naming the allowed state", async () => {
    const foreign = await bob.run('store-suspend', { name: id });
    expect(foreign.status).toBe('failed');
    expect(foreign.log.join('\n')).toContain(
      `name: not allowed to suspend store "${id}": it is owned by ${OWNERS}`,
    );
    const resume = await alice.run('store-resume', { name: id });
    expect(resume.status).toBe('failed');
    expect(resume.log.join('\n')).toContain(
      `name: store "${id}" is ready; resume is allowed only when a store is suspended`,
    );
    expect(await status()).toMatchObject({ status: 'ready' });
    expect((await workloads()).replicas).toEqual([1, 1]);
  });

  it('suspends the store (no pods, status suspended), refuses a resize while suspended, and resumes it', async () => {
    const suspend = await alice.run('store-suspend', { name: id });
    expect(suspend.status).toBe('completed');
    expect(suspend.log.join('\n')).toContain(
      'Stop the storefront and the database',
    );
    expect(await status()).toMatchObject({
      status: 'suspended',
      lastOperation: {
        kind: 'suspend',
        taskId: suspend.id,
        outcome: 'succeeded',
      },
    });
    expect((await workloads()).replicas).toEqual([0, 0]);
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: 'app.kubernetes.io/component in (storefront,database)',
    });
    expect(pods.items).toEqual([]);

    const resize = await alice.run('store-resize', { name: id, size: 'large' });
    expect(resize.status).toBe('failed');
    expect(resize.log.join('\n')).toContain(
      `name: store "${id}" is suspended; resize is allowed only when a store is ready`,
    );

    const resume = await alice.run('store-resume', { name: id });
    expect(resume.status).toBe('completed');
    expect(await status()).toMatchObject({
      status: 'ready',
      lastOperation: { kind: 'resume', taskId: resume.id },
    });
    expect((await workloads()).ready).toEqual([1, 1]);
    const history = (await alice.stores.events(id)).json.items;
    expect(
      history
        // Each operation is also recorded when it starts (from === to): the transitions are these.
        .filter(
          (e: any) =>
            ['suspend', 'resume'].includes(e.operation) && e.from !== e.to,
        )
        .map((e: any) => [e.operation, e.from, e.to, e.taskId]),
    ).toEqual([
      ['suspend', 'ready', 'suspended', suspend.id],
      ['resume', 'suspended', 'ready', resume.id],
    ]);
  });

  it('resizes the store, refuses a size the running pods would not fit (changing nothing), and shrinks it once they fit, keeping its volumes', async () => {
    const grow = await alice.run('store-resize', { name: id, size: 'medium' });
    expect(grow.status).toBe('completed');
    expect(await status()).toMatchObject({ status: 'ready', size: 'medium' });
    expect((await workloads()).cpu).toBe('500m');

    // A pod of someone else's in the namespace: it fits medium, not small.
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'stray' },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'stray',
              image: 'busybox:1.36',
              resources: {
                requests: { cpu: '500m', memory: '64Mi' },
                limits: { cpu: '500m', memory: '64Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    });
    const quotaBefore = (
      await core.readNamespacedResourceQuota({ name: 'store-quota', namespace })
    ).spec?.hard;
    try {
      const shrink = await alice.run('store-resize', {
        name: id,
        size: 'small',
      });
      expect(shrink.status).toBe('failed');
      expect(shrink.log.join('\n')).toContain(
        `store ${id} cannot be resized to small: the pods running in ${namespace} would not fit its quota (requests.cpu: 1000m needed, 850m allowed); stop the pods that are not the store's own. Nothing was changed`,
      );
      expect(await status()).toMatchObject({
        status: 'ready',
        size: 'medium',
        lastOperation: {
          kind: 'resize',
          taskId: shrink.id,
          outcome: 'failed',
        },
      });
      expect(
        (
          await core.readNamespacedResourceQuota({
            name: 'store-quota',
            namespace,
          })
        ).spec?.hard,
      ).toEqual(quotaBefore);
      expect((await workloads()).cpu).toBe('500m');
    } finally {
      await core.deleteNamespacedPod({
        name: 'stray',
        namespace,
        gracePeriodSeconds: 0,
      });
    }

    await eventually('the stray pod to be gone', async () =>
      (
        await core.listNamespacedPod({ namespace })
      ).items.some(p => p.metadata?.name === 'stray')
        ? undefined
        : true,
    );
    // Once they fit, the shrink goes through: small's CPU and memory, the volumes (grown with medium) kept.
    const shrink = await alice.run('store-resize', { name: id, size: 'small' });
    expect(shrink.status).toBe('completed');
    expect(await status()).toMatchObject({
      status: 'ready',
      size: 'small',
      lastOperation: {
        kind: 'resize',
        taskId: shrink.id,
        outcome: 'succeeded',
        message:
          'resized from medium to small\nvolume mariadb-data stays 10Gi: volumes never shrink (the new size has 2Gi)\nvolume wordpress-data stays 5Gi: volumes never shrink (the new size has 2Gi)',
      },
    });
    expect((await workloads()).cpu).toBe('250m');
  });

  it('upgrades a store running older images: backup first, the configured images, recorded', async () => {
    await ageStore();
    const upgrade = await alice.run('store-upgrade', { name: id });
    expect(upgrade.status).toBe('completed');
    const store = await status();
    expect(store).toMatchObject({
      status: 'ready',
      images: CONFIGURED,
      lastOperation: {
        kind: 'upgrade',
        taskId: upgrade.id,
        outcome: 'succeeded',
      },
    });
    expect(await workloads()).toMatchObject({
      images: CONFIGURED,
      ready: [1, 1],
    });
    const backupId = /backup (\S+) taken first/.exec(
      store.lastOperation.message,
    )?.[1];
    expect(backupId).toMatch(new RegExp(`^${id}-\\d{8}-\\d{6}$`));
    const backups = await alice.stores.call('GET', `/stores/${id}/backups`);
    expect(backups.json.items).toContainEqual(
      expect.objectContaining({ id: backupId, status: 'succeeded' }),
    );
    const log = upgrade.log.join('\n');
    expect(log.indexOf('Back up before the upgrade')).toBeLessThan(
      log.indexOf('Roll out the configured images'),
    );
    expect(log).toContain('running Job store-database-upgrade');
  });

  it('rolls an upgrade whose rollout never becomes ready back to the previous images, and says so', async () => {
    await ageStore();
    // The configured WordPress image never starts: its pods are never scheduled.
    proxy.setRule(request =>
      writes(request, 'deployments') &&
      request.body?.kind === 'Deployment' &&
      request.body.spec?.template?.spec?.containers?.[0]?.image ===
        CONFIGURED.wordpress
        ? {
            rewrite: {
              ...request.body,
              spec: {
                ...request.body.spec,
                template: {
                  ...request.body.spec.template,
                  spec: {
                    ...request.body.spec.template.spec,
                    nodeSelector: { 'store-platform.io/no-such-node': 'true' },
                  },
                },
              },
            },
          }
        : undefined,
    );
    try {
      const upgrade = await alice.run('store-upgrade', { name: id });
      expect(upgrade.status).toBe('failed');
      const store = await status();
      expect(store).toMatchObject({
        status: 'ready',
        lastOperation: {
          kind: 'upgrade',
          taskId: upgrade.id,
          outcome: 'failed',
        },
      });
      expect(store.lastOperation.message).toContain(
        `upgrade of store ${id} rolled back to its previous images (wordpress ${OLDER.wordpress}, mariadb ${OLDER.mariadb})`,
      );
      expect(store.lastOperation.message).toMatch(/wordpress/);
      expect(await workloads()).toMatchObject({
        images: OLDER,
        ready: [1, 1],
      });
    } finally {
      proxy.setRule(undefined);
    }
  });
});
