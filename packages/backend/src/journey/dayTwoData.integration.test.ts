import { BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import {
  Person,
  provisionStoreAs,
  startAliceAndBob,
  STORE_OWNERS as OWNERS,
  TEAM_B,
} from '../__testUtils__/aliceAndBob';
import {
  backendConfigThrough,
  FaultProxy,
  startFaultProxy,
  withFailingPods,
  writes,
} from '../__testUtils__/faultProxy';
import { testKubeConfig } from '../__testUtils__/kube';
import {
  dropNamespace,
  generatedSecrets,
  namespaceEventsText,
  unique,
} from '../__testUtils__/storeApi';
import { TwoTeamBackends } from '../__testUtils__/twoTeamBackends';

jest.setTimeout(900_000);

const BACKUP = 'store-backup';
const RESTORE = 'store-restore';

/** The backups of store `id` as `person` reads them. */
const backupsOf = (person: Person, id: string) =>
  person.stores.call('GET', `/stores/${id}/backups`);

/**
 * Day two, data: back up, list, restore and clone a store through the real
 * scaffolder on the local control plane (reached through the fault proxy, to
 * fail a backup Job), with the real permission backend. Alice is in the
 * store's team and in team-b; Bob only in team-b.
 */
describe('backing up, restoring and cloning a store', () => {
  let backends: TwoTeamBackends;
  let proxy: FaultProxy;
  let core: CoreV1Api;
  let batch: BatchV1Api;
  let alice: Person;
  let bob: Person;
  const id = `data-${unique()}`;
  const clone = `${id}-copy`;
  let backupId: string;

  beforeAll(async () => {
    const kc = testKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    batch = kc.makeApiClient(BatchV1Api);
    proxy = await startFaultProxy(kc);
    ({ backends, alice, bob } = await startAliceAndBob({
      templates: ['store', BACKUP, RESTORE],
      aliceAlsoIn: [TEAM_B],
      extraConfig: backendConfigThrough(proxy, {
        databaseReadyMs: 60_000,
        storefrontReadyMs: 60_000,
        bootstrapMs: 60_000,
        deleteMs: 60_000,
      }),
    }));
    await provisionStoreAs(alice, id);
  });

  afterAll(async () => {
    await backends?.stop();
    await proxy?.close();
    for (const store of [id, clone]) await dropNamespace(core, store);
  });

  const jobsOf = async (storeId: string, role: string) =>
    (
      await batch.listNamespacedJob({
        namespace: `store-${storeId}`,
        labelSelector: `store-platform.io/backup-role=${role}`,
      })
    ).items;

  it('backs the store up and lists the backup for any reader; the store stays ready', async () => {
    const task = await alice.run(BACKUP, { name: id });
    expect(task.status).toBe('completed');
    expect(task.log.some(l => /✔ Backup: done in/.test(l))).toBe(true);
    const store = (await alice.stores.get(id)).json;
    expect(store).toMatchObject({
      status: 'ready',
      lastOperation: { kind: 'backup', outcome: 'succeeded', taskId: task.id },
    });
    backupId = /backed up as (\S+?)(,|$)/.exec(store.lastOperation.message)![1];
    expect(backupId).toMatch(new RegExp(`^${id}-\\d{8}-\\d{6}$`));

    for (const reader of [alice, bob]) {
      const listed = await backupsOf(reader, id);
      expect(listed.status).toBe(200);
      expect(listed.json.items).toEqual([
        expect.objectContaining({ id: backupId, status: 'succeeded' }),
      ]);
    }
    const history = (await alice.stores.events(id)).json.items;
    expect(history.at(-1)).toMatchObject({
      operation: 'backup',
      taskId: task.id,
      from: 'ready',
      to: 'ready',
    });
  });

  it('records a backup Job that fails: the store stays ready and the earlier backup stays', async () => {
    proxy.setRule(request =>
      writes(request, 'jobs') &&
      request.body?.kind === 'Job' &&
      request.body?.metadata?.labels?.['store-platform.io/backup-role'] ===
        'backup'
        ? { rewrite: withFailingPods(request.body) }
        : undefined,
    );
    try {
      const task = await alice.run(BACKUP, { name: id });
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toMatch(/earlier backups are unchanged/);
    } finally {
      proxy.setRule(undefined);
    }
    const store = (await alice.stores.get(id)).json;
    expect(store).toMatchObject({
      status: 'ready',
      lastOperation: { kind: 'backup', outcome: 'failed' },
    });
    expect(store.operation).toBeUndefined();
    const items = (await backupsOf(alice, id)).json.items;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/simulated failure/),
    });
    expect(items[1]).toMatchObject({ id: backupId, status: 'succeeded' });
  });

  it('refuses a missing backup and another store’s backup, naming backup, changing nothing', async () => {
    const before = (await alice.stores.get(id)).json.lastOperation;
    const missing = await alice.run(RESTORE, {
      name: id,
      backup: `${id}-20200101-000000`,
      confirmOverwrite: true,
    });
    expect(missing.status).toBe('failed');
    expect(missing.log.join('\n')).toContain(
      `backup: store ${id} has no backup ${id}-20200101-000000; its backups that can be restored: ${backupId}`,
    );
    const foreign = await alice.run(RESTORE, {
      name: id,
      backup: 'other-shop-20261130-120000',
      confirmOverwrite: true,
    });
    expect(foreign.status).toBe('failed');
    expect(foreign.log.join('\n')).toContain(
      `backup: other-shop-20261130-120000 is a backup of store other-shop, not of store ${id}`,
    );
    expect((await alice.stores.get(id)).json.lastOperation).toEqual(before);
    expect(await jobsOf(id, 'restore')).toEqual([]);
  });

  it('answers bad input naming the field', async () => {
    // The template's own schema: a bad clone id, and an unconfirmed overwrite.
    await expect(
      alice.run(RESTORE, { name: id, backup: backupId, targetName: 'Bad_Id' }),
    ).rejects.toThrow(/400.*targetName/);
    await expect(
      alice.run(RESTORE, { name: id, backup: backupId }),
    ).rejects.toThrow(/400.*confirmOverwrite/);
    // The action: an owner only makes sense for a clone.
    const ownerOnly = await alice.run(RESTORE, {
      name: id,
      backup: backupId,
      owner: TEAM_B,
      confirmOverwrite: true,
    });
    expect(ownerOnly.status).toBe('failed');
    expect(ownerOnly.log.join('\n')).toContain('owner: only a clone');
    expect(await jobsOf(id, 'restore')).toEqual([]);
  });

  it('refuses another team: no backup, no restore, no clone of a store it does not own', async () => {
    const backup = await bob.run(BACKUP, { name: id });
    expect(backup.status).toBe('failed');
    expect(backup.log.join('\n')).toMatch(/not allowed/);
    const cloned = await bob.run(RESTORE, {
      name: id,
      backup: backupId,
      targetName: `${id}-bob`,
      owner: TEAM_B,
    });
    expect(cloned.status).toBe('failed');
    expect(cloned.log.join('\n')).toMatch(/not allowed/);
    expect((await bob.stores.get(`${id}-bob`)).status).toBe(404);
    // Nor may Alice clone into a team she is not in.
    const strangers = await alice.run(RESTORE, {
      name: id,
      backup: backupId,
      targetName: `${id}-x`,
      owner: 'group:default/strangers',
    });
    expect(strangers.status).toBe('failed');
    expect(strangers.log.join('\n')).toMatch(/owner: /);
    expect((await alice.stores.get(`${id}-x`)).status).toBe(404);
    expect((await alice.stores.get(id)).json.status).toBe('ready');
  });

  it('restores the backup into the same store', async () => {
    const task = await alice.run(RESTORE, {
      name: id,
      backup: backupId,
      confirmOverwrite: true,
    });
    expect(task.status).toBe('completed');
    expect((await alice.stores.get(id)).json).toMatchObject({
      status: 'ready',
      lastOperation: {
        kind: 'restore',
        outcome: 'succeeded',
        taskId: task.id,
        message: `restored backup ${backupId}`,
      },
    });
    const [job] = await jobsOf(id, 'restore');
    expect(job.status?.succeeded).toBe(1);
    expect(job.metadata!.labels!['store-platform.io/backup-id']).toBe(backupId);
  });

  it('clones the backup into a new store owned by another team, with its own Secrets', async () => {
    const task = await alice.run(RESTORE, {
      name: id,
      backup: backupId,
      targetName: clone,
      owner: TEAM_B,
    });
    expect(task.status).toBe('completed');
    expect(task.log.some(l => /✔ Copy of backup .*: done in/.test(l))).toBe(
      true,
    );

    const copy = (await bob.stores.get(clone)).json;
    expect(copy).toMatchObject({
      status: 'ready',
      owner: TEAM_B,
      namespace: `store-${clone}`,
    });
    expect((await alice.stores.get(id)).json).toMatchObject({
      status: 'ready',
      owner: OWNERS,
      lastOperation: { kind: 'clone', outcome: 'succeeded', taskId: task.id },
    });
    // new Secrets: none of the source's passwords
    const theirs = await generatedSecrets(core, id);
    const ours = await generatedSecrets(core, clone);
    for (const password of ours) expect(theirs).not.toContain(password);
    // and no password of either in the task log or the namespaces' events
    const seen = [
      task.log.join('\n'),
      await namespaceEventsText(core, id),
      await namespaceEventsText(core, clone),
    ].join('\n');
    for (const password of [...theirs, ...ours]) {
      expect(seen).not.toContain(password);
    }
    const [restore] = await jobsOf(clone, 'restore');
    expect(restore.status?.succeeded).toBe(1);
    expect(
      restore.spec!.template.spec!.initContainers!.map(c => c.name),
    ).toContain('fetch');
    // the export server in the source namespace is gone
    const exports = (await jobsOf(id, 'export')).filter(
      j => !j.metadata!.deletionTimestamp,
    );
    expect(exports).toEqual([]);

    // The clone is team-b's: Bob may back it up.
    const bobsBackup = await bob.run(BACKUP, { name: clone });
    expect(bobsBackup.status).toBe('completed');
    expect((await backupsOf(bob, clone)).json.items).toEqual([
      expect.objectContaining({ status: 'succeeded' }),
    ]);
  });
});
