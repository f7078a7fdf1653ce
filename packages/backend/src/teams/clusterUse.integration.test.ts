import { guestToken } from '../__testUtils__/startBackend';
import { storeApi, unique } from '../__testUtils__/storeApi';
import {
  startTeamBackends,
  teamMember,
} from '../__testUtils__/twoTeamBackends';

jest.setTimeout(600_000);

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const ADMINS = 'group:default/store-admins';

type Api = ReturnType<typeof storeApi>;

/**
 * Who may place stores on which cluster, through the real backend and the
 * reference policy on the real permission backend: cluster `team-a-only` is
 * open to team-a; `open` to everyone. Alice (team-a), Bob (team-b) and Carol
 * (an admin) each list the clusters and register a store on the restricted one.
 * Both clusters are the shared control plane under two names; nothing is
 * provisioned (POST /stores only registers).
 */
describe('cluster use, per signed-in person', () => {
  let stop: () => Promise<void>;
  let alice: Api;
  let bob: Api;
  let carol: Api;
  const u = unique();

  beforeAll(async () => {
    const kubeconfig = process.env.KUBECONFIG;
    if (!kubeconfig) throw new Error('KUBECONFIG is not set');
    const started = await startTeamBackends({
      identities: [
        teamMember('alice', TEAM_A),
        teamMember('bob', TEAM_B),
        teamMember('carol', ADMINS),
      ],
      extraConfig: `
storePlatform:
  permissions: { admins: ['${ADMINS}'] }
  clusters:
    - { name: open, kubeconfig: { path: '${kubeconfig}' } }
    - { name: team-a-only, kubeconfig: { path: '${kubeconfig}' }, users: ['${TEAM_A}'] }
`,
    });
    stop = started.stop;
    [alice, bob, carol] = await Promise.all(
      started.backends.map(async backend =>
        storeApi(backend.baseUrl, await guestToken(backend.baseUrl)),
      ),
    );
  });

  afterAll(async () => {
    await stop?.();
  });

  async function clusterNames(api: Api): Promise<string[]> {
    const res = await api.call('GET', '/clusters');
    expect(res.status).toBe(200);
    return res.json.items.map((c: { name: string }) => c.name).sort();
  }

  function registerOn(api: Api, id: string, owner: string) {
    return api.call('POST', '/stores', {
      id,
      title: `Shop ${id}`,
      engine: 'woocommerce',
      owner,
      size: 'small',
      cluster: 'team-a-only',
    });
  }

  it('lists a restricted cluster only to those it is open to, and admins', async () => {
    expect(await clusterNames(alice)).toEqual(['open', 'team-a-only']);
    expect(await clusterNames(bob)).toEqual(['open']);
    expect(await clusterNames(carol)).toEqual(['open', 'team-a-only']);
  });

  it('places a store there for team-a and an admin, and refuses anyone else, creating nothing', async () => {
    const aliceId = `use-a-${u}`;
    const bobId = `use-b-${u}`;
    const carolId = `use-c-${u}`;

    const byAlice = await registerOn(alice, aliceId, TEAM_A);
    expect(byAlice.status).toBe(201);
    expect(byAlice.json.cluster).toBe('team-a-only');

    const byBob = await registerOn(bob, bobId, TEAM_B);
    expect(byBob.status).toBe(403);
    expect(byBob.text).toContain(
      'cluster: not allowed to place stores on cluster team-a-only',
    );
    expect((await bob.get(bobId)).status).toBe(404);
    expect((await carol.get(bobId)).status).toBe(404);

    const byCarol = await registerOn(carol, carolId, ADMINS);
    expect(byCarol.status).toBe(201);
    expect(byCarol.json.cluster).toBe('team-a-only');
  });
});
