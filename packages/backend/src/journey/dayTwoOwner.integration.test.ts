import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  Person,
  provisionStoreAs,
  startAliceAndBob,
  STORE_OWNERS as OWNERS,
  TEAM_B,
} from '../__testUtils__/aliceAndBob';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import { TaskRun, waitForEntity } from '../__testUtils__/scaffolder';
import { dropNamespace, unique } from '../__testUtils__/storeApi';
import { TwoTeamBackends } from '../__testUtils__/twoTeamBackends';

jest.setTimeout(600_000);

const TRANSFER = 'store-transfer';

/** The reference catalog plus a Group team-b to hand stores to. */
function catalogWithTeamB(): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-day-two-owner-'));
  const file = join(dir, 'team-b.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata: { name: team-b }',
      'spec: { type: team, children: [] }',
    ].join('\n'),
  );
  return [
    'catalog:',
    '  locations:',
    '    - { type: file, target: ./catalog/org.yaml, rules: [{ allow: [User, Group] }] }',
    '    - { type: file, target: ../../templates/*/template.yaml, rules: [{ allow: [Template] }] }',
    `    - { type: file, target: '${file}', rules: [{ allow: [Group] }] }`,
  ].join('\n');
}

/** The catalog entity of store `name` as `person` sees it, if any. */
async function storeEntityOf(person: Person, name: string): Promise<any> {
  const res = await fetch(
    `${person.baseUrl}/api/catalog/entities/by-name/resource/default/${name}`,
    { headers: { authorization: `Bearer ${person.token}` } },
  );
  return res.status === 200 ? res.json() : undefined;
}

/**
 * Day two, ownership: a store handed over through the real scaffolder on the
 * local control plane, with the real permission backend and the reference
 * policy. Two replicas of one platform sign their guest in as Alice (of the
 * store-owners team, who makes the store) and Bob (of team-b, who gets it).
 */
describe('handing a store to another team', () => {
  let backends: TwoTeamBackends;
  let core: CoreV1Api;
  let alice: Person;
  let bob: Person;
  let handover: TaskRun;
  const id = `handover-${unique()}`;

  beforeAll(async () => {
    core = testKubeConfig().makeApiClient(CoreV1Api);
    ({ backends, alice, bob } = await startAliceAndBob({
      templates: ['store', TRANSFER],
      extraConfig: catalogWithTeamB(),
    }));
    for (const person of [alice, bob]) {
      await waitForEntity(person.baseUrl, person.token, {
        kind: 'group',
        name: 'team-b',
      });
    }
    await provisionStoreAs(alice, id);
  });

  afterAll(async () => {
    await backends?.stop();
    await dropNamespace(core, id);
  });

  it('refuses an owner that is not in the catalog, naming owner, and changes nothing', async () => {
    const task = await alice.run(TRANSFER, {
      name: id,
      owner: 'group:default/no-such-team',
    });
    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain(
      'owner: there is no Group "group:default/no-such-team" in the catalog',
    );
    const store = (await alice.stores.get(id)).json;
    expect(store).toMatchObject({ owner: OWNERS, status: 'ready' });
    expect(store.lastOperation?.kind).not.toBe('transfer');
  });

  it('hands the store over: registry, history with the task, catalog entity and namespace follow', async () => {
    handover = await alice.run(TRANSFER, { name: id, owner: TEAM_B });
    expect(handover.status).toBe('completed');
    expect(handover.log.some(l => /✔ Namespace owner: done in/.test(l))).toBe(
      true,
    );

    const store = (await bob.stores.get(id)).json;
    expect(store).toMatchObject({
      owner: TEAM_B,
      status: 'ready',
      lastOperation: {
        kind: 'transfer',
        taskId: handover.id,
        outcome: 'succeeded',
      },
    });
    const history = (await bob.stores.events(id)).json.items;
    expect(history.at(-1)).toMatchObject({
      operation: 'transfer',
      taskId: handover.id,
      from: 'ready',
      to: 'ready',
    });

    await eventually(
      'the catalog entity to name the new owner',
      async () =>
        (await storeEntityOf(bob, id))?.spec?.owner === TEAM_B
          ? true
          : undefined,
      120_000,
    );
    const namespace = await core.readNamespace({ name: `store-${id}` });
    expect(namespace.metadata?.annotations?.['store-platform.io/owner']).toBe(
      TEAM_B,
    );
  });

  it('lets the new owner act and refuses the old one', async () => {
    const credentialsPath = `/stores/${id}/admin-credentials`;
    expect((await bob.stores.call('GET', credentialsPath)).status).toBe(200);
    const refused = await alice.stores.call('GET', credentialsPath);
    expect(refused.status).toBe(403);

    // Through the scaffolder: Alice may no longer hand it anywhere.
    const back = await alice.run(TRANSFER, { name: id, owner: OWNERS });
    expect(back.status).toBe('failed');
    expect(back.log.join('\n')).toContain(
      `name: not allowed to transfer store "${id}": it is owned by ${TEAM_B}`,
    );
    expect((await alice.stores.get(id)).json.owner).toBe(TEAM_B);
  });

  it("lists the Warning events of the store's namespace through the route, for either reader", async () => {
    const namespace = `store-${id}`;
    const lastSeen = new Date();
    await core.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name: `day-two-${unique()}`, namespace },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container wordpress',
        count: 3,
        involvedObject: { kind: 'Pod', name: 'wordpress-x', namespace },
        firstTimestamp: lastSeen,
        lastTimestamp: lastSeen,
        source: { component: 'kubelet' },
      },
    });

    await core.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name: `day-two-normal-${unique()}`, namespace },
        type: 'Normal',
        reason: 'DayTwoNormal',
        message: 'not a warning',
        involvedObject: { kind: 'Pod', name: 'wordpress-x', namespace },
        lastTimestamp: lastSeen,
        source: { component: 'kubelet' },
      },
    });

    for (const reader of [bob, alice]) {
      const res = await reader.stores.call(
        'GET',
        `/stores/${id}/kubernetes-events`,
      );
      expect(res.status).toBe(200);
      expect(res.json.items).toContainEqual({
        reason: 'BackOff',
        object: 'Pod/wordpress-x',
        message: 'Back-off restarting failed container wordpress',
        count: 3,
        lastSeen: new Date(
          Math.floor(lastSeen.getTime() / 1000) * 1000,
        ).toISOString(),
      });
      expect(res.json.items.map((e: any) => e.reason)).not.toContain(
        'DayTwoNormal',
      );
    }
  });

  it('lets the new owner hand it on through the scaffolder', async () => {
    const onward = await bob.run(TRANSFER, { name: id, owner: OWNERS });
    expect(onward.status).toBe('completed');
    expect((await bob.stores.get(id)).json).toMatchObject({
      owner: OWNERS,
      lastOperation: { kind: 'transfer', taskId: onward.id },
    });
  });
});
