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
const TEAM_C = 'group:default/team-c';

type Api = ReturnType<typeof storeApi>;
interface ListedStore {
  id: string;
  owner: string;
}
interface StorePage {
  items: ListedStore[];
  totalCount: number;
  nextCursor?: string;
}

async function list(api: Api, query: string): Promise<StorePage> {
  const res = await api.call('GET', `/stores?${query}`);
  if (res.status !== 200) {
    throw new Error(`GET /stores?${query}: ${res.status} ${res.text}`);
  }
  return res.json;
}

/** Follows `nextCursor` to the end; every page's totalCount is kept. */
async function everyPage(api: Api, query: string) {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages > 50) throw new Error(`GET /stores?${query}: no last page`);
    const page = await list(
      api,
      cursor ? `${query}&cursor=${encodeURIComponent(cursor)}` : query,
    );
    ids.push(...page.items.map(store => store.id));
    totals.push(page.totalCount);
    if (!page.nextCursor) return { ids, totals, pages: pages + 1 };
    cursor = page.nextCursor;
  }
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * The stores page's list through the real backend: three replicas on one
 * PostgreSQL whose guest sign-in makes Alice (team-a), Bob (team-b) and Carol
 * (an admin by `storePlatform.permissions.admins`), the reference permission
 * policy on the real permission backend. Each registers stores of their own
 * through the API (no cluster: registering does not provision). "Mine" gives
 * each exactly their team's stores, in the items and in `totalCount`, on
 * every page of every sort; the other team's never show, whatever else the
 * query says. Reading is open in the reference policy, so without "mine"
 * everyone sees every store; the admin does too.
 */
describe('the stores list, per signed-in person', () => {
  let stop: () => Promise<void>;
  let alice: Api;
  let bob: Api;
  let carol: Api;
  const u = unique();
  const aliceIds = [
    ...Array.from({ length: 6 }, (_, i) => `a-team-${i}-${u}`),
    `a-self-${u}`,
  ];
  const bobIds = Array.from({ length: 5 }, (_, i) => `b-team-${i}-${u}`);
  /** Carol, an admin, registers one store for team-c (not hers) and one of her group. */
  const carolTeamC = `c-team-${u}`;
  const carolOwn = `c-own-${u}`;
  const carolIds = [carolTeamC, carolOwn];
  const everyId = [...aliceIds, ...bobIds, ...carolIds];

  async function register(api: Api, id: string, owner: string) {
    const res = await api.call('POST', '/stores', {
      id,
      // Bob's titles name Alice, so a search for her name is tried against them too.
      title: `Shop ${id}${id.startsWith('b-') ? ' like alice' : ''}`,
      engine: 'woocommerce',
      owner,
      size: 'small',
    });
    if (res.status !== 201) {
      throw new Error(`POST /stores ${id}: ${res.status} ${res.text}`);
    }
  }

  beforeAll(async () => {
    const started = await startTeamBackends({
      identities: [
        teamMember('alice', TEAM_A),
        teamMember('bob', TEAM_B),
        teamMember('carol', ADMINS),
      ],
      // Listing needs no cluster: nothing here is provisioned.
      extraConfig: `
storePlatform:
  kubernetes: { mode: kubeconfig, kubeconfigPath: /nonexistent/stores-list-test }
  permissions: { admins: ['${ADMINS}'] }
`,
    });
    stop = started.stop;
    [alice, bob, carol] = await Promise.all(
      started.backends.map(async backend =>
        storeApi(backend.baseUrl, await guestToken(backend.baseUrl)),
      ),
    );
    // Interleaved, so creation order mixes the teams and pages cut across both.
    for (let i = 0; i < Math.max(aliceIds.length, bobIds.length); i++) {
      if (aliceIds[i]) {
        await register(
          alice,
          aliceIds[i],
          aliceIds[i].startsWith('a-self') ? 'user:default/alice' : TEAM_A,
        );
      }
      if (bobIds[i]) await register(bob, bobIds[i], TEAM_B);
    }
    // Only an admin may register a store in a team not theirs.
    await register(carol, carolTeamC, TEAM_C);
    await register(carol, carolOwn, ADMINS);
  });

  afterAll(async () => {
    await stop?.();
  });

  it('refuses a store in another team’s name and counts nothing for it', async () => {
    const refused = await bob.call('POST', '/stores', {
      id: `b-squat-${u}`,
      engine: 'woocommerce',
      owner: TEAM_A,
      size: 'small',
    });
    expect(refused.status).toBe(403);
    expect((await list(carol, 'limit=200')).totalCount).toBe(everyId.length);
  });

  describe.each([
    ['Alice', () => alice, aliceIds, bobIds],
    ['Bob', () => bob, bobIds, aliceIds],
  ])('%s', (_name, person, own, others) => {
    it('sees exactly her or his stores under "mine", in items and totalCount', async () => {
      const page = await list(person(), 'mine=true&limit=200');
      expect(sorted(page.items.map(store => store.id))).toEqual(sorted(own));
      expect(page.totalCount).toBe(own.length);
      expect(page.nextCursor).toBeUndefined();
    });

    it.each([
      'orderBy=createdAt&order=desc',
      'orderBy=createdAt&order=asc',
      'orderBy=title',
      'orderBy=owner&order=desc',
      'orderBy=id',
      'orderBy=status',
    ])('pages "mine" with cursors, %s, without the other team', async sort => {
      const { ids, totals, pages } = await everyPage(
        person(),
        `mine=true&limit=2&${sort}`,
      );
      expect(pages).toBe(Math.ceil(own.length / 2));
      expect(ids).toHaveLength(new Set(ids).size);
      expect(sorted(ids)).toEqual(sorted(own));
      expect(totals.every(total => total === own.length)).toBe(true);
    });

    it('pages "mine" by offset to the same stores', async () => {
      const ids: string[] = [];
      for (let offset = 0; offset < own.length + 2; offset += 3) {
        const page = await list(
          person(),
          `mine=true&limit=3&offset=${offset}&orderBy=id`,
        );
        expect(page.totalCount).toBe(own.length);
        ids.push(...page.items.map(store => store.id));
      }
      expect(sorted(ids)).toEqual(sorted(own));
    });

    it('finds none of the other team’s stores under "mine", whatever else is asked', async () => {
      const otherOwner = others === bobIds ? TEAM_B : TEAM_A;
      for (const query of [
        `owner=${encodeURIComponent(otherOwner)}`,
        `q=${encodeURIComponent(others[0])}`,
        'q=alice',
        'status=pending',
        'orderBy=owner&order=asc&limit=1',
      ]) {
        const page = await list(person(), `mine=true&${query}`);
        const ids = page.items.map(store => store.id);
        expect(ids.filter(id => others.includes(id))).toEqual([]);
        expect(page.totalCount).toBeLessThanOrEqual(own.length);
      }
      const byOtherOwner = await list(
        person(),
        `mine=true&owner=${encodeURIComponent(otherOwner)}`,
      );
      expect(byOtherOwner).toMatchObject({ items: [], totalCount: 0 });
    });

    it('sees every store without "mine": reading is open in the reference policy', async () => {
      const { ids, totals } = await everyPage(person(), 'limit=5');
      expect(sorted(ids)).toEqual(sorted(everyId));
      expect(totals.every(total => total === everyId.length)).toBe(true);
    });
  });

  it('shows the admin every store, on every page, and only her group’s as "mine"', async () => {
    const { ids, totals } = await everyPage(carol, 'limit=4&orderBy=title');
    expect(sorted(ids)).toEqual(sorted(everyId));
    expect(totals.every(total => total === everyId.length)).toBe(true);
    const mine = await list(carol, 'mine=true');
    expect(mine.items.map(store => store.id)).toEqual([carolOwn]);
    expect(mine.totalCount).toBe(1);
  });
});
