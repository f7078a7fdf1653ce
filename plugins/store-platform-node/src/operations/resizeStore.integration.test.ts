import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  V1Pod,
} from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import { hardenedContainer, hardenedPod } from '../resources/security';
import { provisioningConfigWith } from '../config/provisioningConfig';
import { provisionStore } from '../provisionStore';
import { buildLimitRangeOf } from '../resources/namespace';
import { quotaFor, SIZE_PRESETS } from '../resources/sizes';
import {
  OPERATION_TEST_CONFIG as config,
  operationTestStores,
} from '../testing/operationTestStore';
import { testClusterKubeConfig } from '../testing/testCluster';
import { quantityValue } from './quantity';
import { backupStore } from './backupStore';
import { resizeStore } from './resizeStore';
import { upgradeStore } from './upgradeStore';

jest.setTimeout(240_000);

const NEW_IMAGES = {
  wordpress: 'store-platform-wordpress-woocommerce:next',
  mariadb: 'mariadb:11.4',
  wpCli: 'wordpress:cli-next',
};

/** Quantities as numbers: the API server writes `1000m` back as `1`. */
function values(o: unknown): unknown {
  if (typeof o === 'string') {
    try {
      return quantityValue(o);
    } catch {
      return o;
    }
  }
  if (Array.isArray(o)) return o.map(values);
  if (o && typeof o === 'object')
    return Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, values(v)]),
    );
  return o;
}

/** A pod that is not the store's own, as someone might add by hand. */
function strayPod(cpu: string): V1Pod {
  return {
    metadata: { name: 'stray' },
    spec: {
      securityContext: hardenedPod(1000),
      containers: [
        {
          name: 'stray',
          image: 'busybox:1.36',
          resources: {
            requests: { cpu, memory: '64Mi' },
            limits: { cpu, memory: '64Mi' },
          },
          securityContext: hardenedContainer(),
        },
      ],
    },
  };
}

describe('resize on the local control plane', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  const stores = operationTestStores(() => kc);

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  afterAll(() => stores.cleanup());

  /** What a resize may change, to compare before and after. */
  const snapshot = async (namespace: string) => {
    const [quota, limits, deployment, sts, ns, claims] = await Promise.all([
      core.readNamespacedResourceQuota({ name: 'store-quota', namespace }),
      core.readNamespacedLimitRange({ name: 'store-limits', namespace }),
      apps.readNamespacedDeployment({ name: 'wordpress', namespace }),
      apps.readNamespacedStatefulSet({ name: 'mariadb', namespace }),
      core.readNamespace({ name: namespace }),
      core.listNamespacedPersistentVolumeClaim({ namespace }),
    ]);
    return values({
      quota: quota.spec?.hard,
      limits: limits.spec?.limits,
      wordpress: deployment.spec?.template.spec?.containers[0].resources,
      wordpressImage: deployment.spec?.template.spec?.containers[0].image,
      wordpressGeneration: deployment.metadata?.generation,
      mariadb: sts.spec?.template.spec?.containers[0].resources,
      mariadbGeneration: sts.metadata?.generation,
      size: ns.metadata?.annotations?.['store-platform.io/size'],
      claims: Object.fromEntries(
        claims.items.map(c => [
          c.metadata!.name,
          c.spec?.resources?.requests?.storage,
        ]),
      ),
    }) as any;
  };

  it('grows a store: quota, limits, container resources and volumes of the new size, rolled out', async () => {
    const id = await stores.provision('op-grow');
    const namespace = `store-${id}`;
    const progress: string[] = [];
    const result = await resizeStore(kc, config, id, 'medium', {
      onProgress: m => progress.push(m),
    });
    expect(result).toMatchObject({ from: 'small', to: 'medium' });
    const after = await snapshot(namespace);
    const medium = SIZE_PRESETS.medium;
    expect(after.quota).toEqual(values(quotaFor(medium)));
    expect(after.wordpress).toEqual(values(medium.storefront));
    expect(after.mariadb).toEqual(values(medium.database));
    expect(after.size).toBe('medium');
    // StorageClass standard allows expansion: the volumes were asked to grow.
    expect(after.claims).toEqual(
      values({
        'mariadb-data': medium.storage.database,
        'wordpress-data': medium.storage.storefront,
      }),
    );
    expect(after.limits.find((l: any) => l.type === 'Container').max).toEqual(
      values({ cpu: '1000m', memory: '1024Mi' }),
    );
    // The rollout was awaited: the pods run the new resources and are ready.
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: 'app.kubernetes.io/component in (storefront,database)',
    });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec?.containers[0].resources?.requests?.cpu).toBe('500m');
      expect(
        pod.status?.conditions?.find(c => c.type === 'Ready')?.status,
      ).toBe('True');
    }
    expect(progress.join('\n')).toContain(
      'volume mariadb-data asked to grow from 2Gi to 10Gi',
    );
  });

  it('shrinks a grown store: compute of the smaller size, volumes kept with room in the quota; backup, a retry and an upgrade still succeed', async () => {
    const id = await stores.provision('op-shrink');
    const namespace = `store-${id}`;
    await resizeStore(kc, config, id, 'medium');
    const grown = await snapshot(namespace);
    expect(grown.claims).toEqual(
      values({ 'mariadb-data': '10Gi', 'wordpress-data': '5Gi' }),
    );

    const progress: string[] = [];
    const result = await resizeStore(kc, config, id, 'small', {
      onProgress: m => progress.push(m),
    });
    expect(result).toEqual({
      from: 'medium',
      to: 'small',
      volumes: [
        {
          claim: 'mariadb-data',
          from: '10Gi',
          to: '10Gi',
          kept: 'volumes never shrink (the new size has 2Gi)',
        },
        {
          claim: 'wordpress-data',
          from: '5Gi',
          to: '5Gi',
          kept: 'volumes never shrink (the new size has 2Gi)',
        },
      ],
    });
    expect(progress).toContain(
      'volume mariadb-data stays 10Gi: volumes never shrink (the new size has 2Gi)',
    );
    const small = SIZE_PRESETS.small;
    const shrunk = await snapshot(namespace);
    expect(shrunk.size).toBe('small');
    expect(shrunk.wordpress).toEqual(values(small.storefront));
    expect(shrunk.mariadb).toEqual(values(small.database));
    expect(shrunk.limits).toEqual(
      values(
        buildLimitRangeOf({ storeId: id, size: 'small', config }).spec!.limits,
      ),
    );
    expect(shrunk.claims).toEqual(grown.claims);
    // CPU and memory are small's; storage keeps room for the kept volumes and small's backup volume.
    expect(shrunk.quota).toEqual(
      values({
        ...quotaFor(small),
        'requests.storage': `${10 + 5 + 4}Gi`,
      }),
    );

    // A backup makes its volume (small's size) within that quota.
    await expect(
      backupStore(kc, config, { storeId: id, size: 'small' }),
    ).resolves.toMatchObject({ status: 'succeeded' });
    // A retry provisions the store again: the volumes are there, so they are left as they are.
    await provisionStore(kc, config, {
      id,
      title: 'Operations Shop',
      engine: 'woocommerce',
      size: 'small',
      adminEmail: 'owner@example.com',
      owner: 'group:default/shop-team',
    });
    const retried = await snapshot(namespace);
    expect(retried.claims).toEqual(
      values({
        'mariadb-data': '10Gi',
        'wordpress-data': '5Gi',
        'store-backups': small.storage.backup,
      }),
    );
    expect(retried.quota).toEqual(shrunk.quota);
    expect(retried.mariadb).toEqual(values(small.database));
    // An upgrade backs up first, then rolls out.
    const upgraded = await upgradeStore(
      kc,
      provisioningConfigWith({ ...config, images: NEW_IMAGES }),
      id,
      {},
    );
    expect(upgraded.backupId).toBeDefined();
    expect(upgraded.images.wordpress).toBe(NEW_IMAGES.wordpress);
    expect((await snapshot(namespace)).claims).toEqual(retried.claims);
  });

  it('refuses a resize the running pods would not fit, naming each quota key, and changes nothing', async () => {
    const id = await stores.provision('op-nofit', 'medium');
    const namespace = `store-${id}`;
    // Fits the medium quota; with the store's own pods at small size it overruns small's requests.cpu.
    await core.createNamespacedPod({ namespace, body: strayPod('500m') });
    const before = await snapshot(namespace);

    const error = await resizeStore(kc, config, id, 'small').catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      `store ${id} cannot be resized to small: the pods running in ${namespace} would not fit its quota (requests.cpu: 1000m needed, 850m allowed); stop the pods that are not the store's own. Nothing was changed`,
    );
    expect(await snapshot(namespace)).toEqual(before);
    await core.deleteNamespacedPod({
      name: 'stray',
      namespace,
      gracePeriodSeconds: 0,
    });

    // A larger size is fine, and converges when run twice.
    await resizeStore(kc, config, id, 'large');
    const large = await snapshot(namespace);
    await resizeStore(kc, config, id, 'large');
    expect(await snapshot(namespace)).toEqual(large);
    expect(large.size).toBe('large');
    expect(large.wordpress).toEqual(values(SIZE_PRESETS.large.storefront));
  });

  it('refuses an unknown store before touching anything', async () => {
    await expect(
      resizeStore(kc, config, 'op-no-such-store', 'large'),
    ).rejects.toThrow('store op-no-such-store has no namespace');
  });
});
