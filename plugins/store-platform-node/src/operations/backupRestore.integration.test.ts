import {
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
  V1Job,
  V1NetworkPolicy,
} from '@kubernetes/client-node';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { createStoreCluster } from '../cluster/storeCluster';
import { provisioningConfigWith } from '../config/provisioningConfig';
import { provisionStore } from '../provisionStore';
import { quotaFor, SIZE_PRESETS } from '../resources/sizes';
import { StoreSpec } from '../spec/storeSpec';
import { testClusterKubeConfig, uniqueStoreId } from '../testing/testCluster';
import { BackupFailedError, backupStore } from './backupStore';
import { listBackups } from './listBackups';
import { restoreStore } from './restoreStore';

jest.setTimeout(300_000);

/** Polls `check` until it answers (not undefined), for up to a minute. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

const config = provisioningConfigWith({
  timeouts: {
    databaseReadyMs: 90_000,
    storefrontReadyMs: 90_000,
    bootstrapMs: 120_000,
    deleteMs: 120_000,
    backupMs: 120_000,
    restoreMs: 120_000,
  },
  backups: { retention: 2 },
});
const FAIL = { 'store-platform.io/simulate': 'fail' };

const specFor = (id: string): StoreSpec => ({
  id,
  title: 'Backup Shop',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
  owner: 'group:default/shop-team',
});

describe('backup, restore and clone on the local control plane', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  let batch: BatchV1Api;
  let net: NetworkingV1Api;
  const source = uniqueStoreId('it-bk');
  const target = uniqueStoreId('it-bk-copy');
  const other = uniqueStoreId('it-bk-other');
  const legacy = uniqueStoreId('it-bk-old');

  const jobs = async (storeId: string, role: string): Promise<V1Job[]> =>
    (
      await batch.listNamespacedJob({
        namespace: `store-${storeId}`,
        labelSelector: `store-platform.io/backup-role=${role}`,
      })
    ).items;
  const backupOf = (storeId: string, podLabels?: Record<string, string>) =>
    backupStore(kc, config, { storeId, size: 'small', podLabels });

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    batch = kc.makeApiClient(BatchV1Api);
    net = kc.makeApiClient(NetworkingV1Api);
    await Promise.all(
      [source, target, other].map(id =>
        provisionStore(kc, config, specFor(id)),
      ),
    );
  });

  afterAll(async () => {
    if (!kc) return;
    const cluster = createStoreCluster(kc, config);
    await Promise.allSettled(
      [source, target, other, legacy].map(id =>
        cluster.deleteStore(id, { timeoutMs: 120_000 }),
      ),
    );
  });

  it('backs a store up into its backup volume, within its quota, and lists it', async () => {
    const progress: string[] = [];
    const backup = await backupStore(kc, config, {
      storeId: source,
      size: 'small',
      onProgress: m => progress.push(m),
    });
    expect(backup).toMatchObject({ status: 'succeeded' });
    expect(backup.id).toMatch(new RegExp(`^${source}-\\d{8}-\\d{6}$`));
    expect(Date.parse(backup.createdAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(progress.join('\n')).toMatch(/waiting for Job backup-/);

    const namespace = `store-${source}`;
    const pvc = await core.readNamespacedPersistentVolumeClaim({
      name: 'store-backups',
      namespace,
    });
    expect(pvc.spec!.resources!.requests!.storage).toBe('4Gi');
    const quota = await core.readNamespacedResourceQuota({
      name: 'store-quota',
      namespace,
    });
    expect(quota.spec!.hard!.persistentvolumeclaims).toBe('3');
    expect(await listBackups(kc, source, config)).toEqual([backup]);
    // the database password reached the Job only through the Secret
    const [job] = await jobs(source, 'backup');
    const secret = await core.readNamespacedSecret({
      name: 'mariadb-secret',
      namespace,
    });
    const text = JSON.stringify(job);
    for (const v of Object.values(secret.data!)) {
      expect(text).not.toContain(Buffer.from(v, 'base64').toString());
    }
  });

  it('records a failed backup Job as failed, loses nothing, and keeps the store running', async () => {
    const before = await listBackups(kc, source, config);
    const error = await backupOf(source, FAIL).catch(e => e);
    expect(error).toBeInstanceOf(BackupFailedError);
    expect(error.message).toMatch(/earlier backups are unchanged/);
    expect(error.message).toMatch(/simulated failure/);

    const after = await listBackups(kc, source, config);
    expect(after.slice(1)).toEqual(before);
    expect(after[0]).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/simulated failure/),
    });
    const cluster = createStoreCluster(kc, config);
    expect(await cluster.inspectStore(source)).toEqual({
      namespace: 'present',
      storefront: 'present',
    });
  });

  it('refuses a missing backup, another store’s backup and a failed one, creating no Job', async () => {
    const before = (await jobs(source, 'restore')).length;
    const restore = (backupId: string) =>
      restoreStore(kc, config, { storeId: source, size: 'small', backupId });

    const missing = await restore(`${source}-20200101-000000`).catch(e => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toMatch(
      new RegExp(
        `store ${source} has no backup ${source}-20200101-000000; its backups that can be restored: ${source}-`,
      ),
    );

    const foreign = await backupOf(other);
    const theirs = await restore(foreign.id).catch(e => e);
    expect(theirs).toBeInstanceOf(InputError);
    expect(theirs.message).toMatch(
      new RegExp(
        `^backup: ${foreign.id} is a backup of store ${other}, not of store ${source}`,
      ),
    );

    const failed = (await listBackups(kc, source, config)).find(
      b => b.status === 'failed',
    )!;
    const notSucceeded = await restore(failed.id).catch(e => e);
    expect(notSucceeded).toBeInstanceOf(ConflictError);
    expect(notSucceeded.message).toMatch(/is failed; only a succeeded backup/);

    expect((await jobs(source, 'restore')).length).toBe(before);
  });

  it('restores a backup into the same store with a Job that completes', async () => {
    const [backup] = (await listBackups(kc, source, config)).filter(
      b => b.status === 'succeeded',
    );
    await expect(
      restoreStore(kc, config, {
        storeId: source,
        size: 'small',
        backupId: backup.id,
      }),
    ).resolves.toEqual({ storeId: source, backupId: backup.id });
    const [job] = await jobs(source, 'restore');
    expect(job.status?.succeeded).toBe(1);
    expect(job.metadata!.labels!['store-platform.io/backup-id']).toBe(
      backup.id,
    );
  });

  it('clones a backup into another store through a short-lived export server', async () => {
    const [backup] = (await listBackups(kc, source, config)).filter(
      b => b.status === 'succeeded',
    );
    // While the copy runs: the source admits the target's restore pod alone.
    let admission: Promise<V1NetworkPolicy> | undefined;
    await restoreStore(kc, config, {
      storeId: target,
      size: 'small',
      backupId: backup.id,
      source: { storeId: source, size: 'small' },
      onProgress: message => {
        const serving = /from Job (backup-export-\S+)$/.exec(message);
        if (serving) {
          admission = net.readNamespacedNetworkPolicy({
            name: serving[1],
            namespace: `store-${source}`,
          });
        }
      },
    });
    const [restore] = await jobs(target, 'restore');
    const policy = await admission!;
    expect(policy.spec!.ingress).toEqual([
      {
        _from: [
          {
            namespaceSelector: {
              matchLabels: {
                'kubernetes.io/metadata.name': `store-${target}`,
              },
            },
            podSelector: {
              matchLabels: {
                'batch.kubernetes.io/job-name': restore.metadata!.name,
              },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    expect(restore.status?.succeeded).toBe(1);
    const fetch = restore.spec!.template.spec!.initContainers!.find(
      c => c.name === 'fetch',
    )!;
    expect(fetch.env).toContainEqual({
      name: 'SOURCE_URL',
      value: expect.stringMatching(/^http:\/\/[\d.:[\]a-f]+:8080$/),
    });
    // the target's way out to the source, owned by its restore Job
    const egress = await net.readNamespacedNetworkPolicy({
      name: restore.metadata!.name!,
      namespace: `store-${target}`,
    });
    expect(egress.metadata!.ownerReferences![0].uid).toBe(
      restore.metadata!.uid,
    );
    // the export server is gone once the copy is done (its policy follows by garbage collection)
    const exports = (await jobs(source, 'export')).filter(
      j => !j.metadata!.deletionTimestamp,
    );
    expect(exports).toEqual([]);
    await eventually('the export NetworkPolicy to follow its Job', async () => {
      const left = await net.listNamespacedNetworkPolicy({
        namespace: `store-${source}`,
      });
      return left.items.some(p => p.metadata!.name === policy.metadata!.name)
        ? undefined
        : true;
    });
    // the target has no backup of its own: the copy is not a backup
    expect(await listBackups(kc, target, config)).toEqual([]);
  });

  it('makes room for the backup volume in a store from before backups, and leaves larger quotas alone', async () => {
    // A store as provisioned before backups existed: two claims, claims of at most 2Gi.
    await provisionStore(kc, config, specFor(legacy));
    const namespace = `store-${legacy}`;
    await core.patchNamespacedResourceQuota(
      {
        name: 'store-quota',
        namespace,
        body: [
          {
            op: 'replace',
            path: '/spec/hard/persistentvolumeclaims',
            value: '2',
          },
          { op: 'replace', path: '/spec/hard/requests.storage', value: '4Gi' },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    const limits = await core.readNamespacedLimitRange({
      name: 'store-limits',
      namespace,
    });
    const claimIndex = limits.spec!.limits.findIndex(
      l => l.type === 'PersistentVolumeClaim',
    );
    await core.patchNamespacedLimitRange(
      {
        name: 'store-limits',
        namespace,
        body: [
          {
            op: 'replace',
            path: `/spec/limits/${claimIndex}/max/storage`,
            value: '2Gi',
          },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    await eventually('the quota to count its new limits', async () => {
      const q = await core.readNamespacedResourceQuota({
        name: 'store-quota',
        namespace,
      });
      return q.status?.hard?.persistentvolumeclaims === '2' ? true : undefined;
    });

    await expect(backupOf(legacy)).resolves.toMatchObject({
      status: 'succeeded',
    });
    const quota = await core.readNamespacedResourceQuota({
      name: 'store-quota',
      namespace,
    });
    expect(quota.spec!.hard).toMatchObject({
      persistentvolumeclaims: '3',
      'requests.storage': '8Gi',
      // compute is not touched
      'requests.cpu': quotaFor(SIZE_PRESETS.small)['requests.cpu'],
    });
    const after = await core.readNamespacedLimitRange({
      name: 'store-limits',
      namespace,
    });
    expect(
      after.spec!.limits.find(l => l.type === 'PersistentVolumeClaim')!.max,
    ).toEqual({ storage: '4Gi' });
    expect(after.spec!.limits.find(l => l.type === 'Container')).toEqual(
      limits.spec!.limits.find(l => l.type === 'Container'),
    );

    // A quota already larger (a resize that kept bigger volumes) stays as it is.
    await core.patchNamespacedResourceQuota(
      {
        name: 'store-quota',
        namespace,
        body: [
          { op: 'replace', path: '/spec/hard/requests.storage', value: '30Gi' },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    await backupOf(legacy);
    expect(
      (
        await core.readNamespacedResourceQuota({
          name: 'store-quota',
          namespace,
        })
      ).spec!.hard!['requests.storage'],
    ).toBe('30Gi');
  });

  it('keeps the newest backups up to the retention after a successful one', async () => {
    await backupOf(source);
    const latest = await backupOf(source);
    const list = await listBackups(kc, source, config);
    const succeeded = list.filter(b => b.status === 'succeeded');
    expect(succeeded).toHaveLength(2);
    expect(succeeded[0].id).toBe(latest.id);
    // newest first, and nothing older than the oldest kept backup remains
    expect(list.map(b => b.id)).toEqual(
      [...list.map(b => b.id)].sort().reverse(),
    );
    expect(list[list.length - 1].id).toBe(succeeded[1].id);
  });
});
