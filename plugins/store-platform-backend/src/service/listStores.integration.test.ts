import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Store,
  STORE_SORT_FIELDS,
  StoreStatus,
} from '@store-platform/plugin-store-platform-common';
import request from 'supertest';
import { migrateStoreDatabase } from '../database/migrate';
import { StoreDatabase } from '../database/StoreDatabase';
import { createStorePlatformPlugin } from '../plugin';

// Both engines, always: PostgreSQL comes from scripts/lib/postgres.sh; without
// its connection string `init` throws, so a missing server fails the run.
const ENGINES: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
const databases = TestDatabases.create({ ids: ENGINES, disableDocker: true });

const api = '/api/store-platform';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

/** Who owns through what: the user info service's answer for each user. */
const OWNERSHIP: Record<string, string[]> = {
  [ALICE]: [ALICE, TEAM_A],
  [BOB]: [BOB, TEAM_B],
};

/**
 * Alice may read only what she or team-a owns (a conditional decision, as the
 * owner rule gives); Bob may read every store.
 */
function readDecision(credentials: BackstageCredentials) {
  const principal = credentials.principal as { userEntityRef?: string };
  if (principal.userEntityRef !== ALICE) {
    return { result: AuthorizeResult.ALLOW } as const;
  }
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'store-platform',
    resourceType: 'store',
    conditions: {
      rule: 'IS_STORE_OWNER',
      resourceType: 'store',
      params: { claims: OWNERSHIP[ALICE] },
    },
  } as const;
}

const STORE_COUNT = 60;

/**
 * 60 stores with ties everywhere a sort can tie: five share each creation
 * time, titles repeat every 7, owners rotate over Alice, team-a (spelt in
 * another case once) and team-b, statuses over four.
 */
function seedPlan(i: number) {
  const id = `shop-${String(i).padStart(3, '0')}`;
  const owners = [ALICE, TEAM_A, TEAM_B];
  return {
    id,
    title: i % 10 === 3 ? `Corner 50%_off ${i}` : `Shop ${i % 7}`,
    owner: i === 1 ? 'group:default/Team-A' : owners[i % 3],
    at: new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 5))),
    status: (['pending', 'provisioning', 'ready', 'failed'] as const)[i % 4],
  };
}

/** The transitions from `pending` to each seeded status. */
const PATH_TO: Record<StoreStatus, StoreStatus[]> = {
  pending: [],
  provisioning: ['provisioning'],
  ready: ['provisioning', 'ready'],
  failed: ['provisioning', 'failed'],
  suspended: ['provisioning', 'ready', 'suspended'],
  deleting: ['deleting'],
};

async function seed(db: StoreDatabase, setClock: (at: Date) => void) {
  for (let i = 0; i < STORE_COUNT; i++) {
    const plan = seedPlan(i);
    setClock(plan.at);
    await db.register({
      id: plan.id,
      title: plan.title,
      engine: 'woocommerce',
      owner: plan.owner,
      size: 'small',
      namespace: `store-${plan.id}`,
      url: `http://${plan.id}.localhost`,
    });
    for (const to of PATH_TO[plan.status]) await db.transition(plan.id, to);
  }
}

const readableBy = (user: string) =>
  Array.from({ length: STORE_COUNT }, (_, i) => seedPlan(i)).filter(plan =>
    OWNERSHIP[user].includes(plan.owner.toLowerCase()),
  );

describe.each(ENGINES)('GET /stores on %s', engine => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    const knex = await databases.init(engine);
    await migrateStoreDatabase(knex);
    let clock = new Date();
    await seed(new StoreDatabase(knex, () => clock), at => (clock = at));
    ({ server } = await startTestBackend({
      features: [
        createStorePlatformPlugin({ cluster: null }),
        eventsServiceFactory,
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: (async (
            requests: unknown[],
            options: { credentials: BackstageCredentials },
          ) => requests.map(() => readDecision(options.credentials))) as any,
        }).factory,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const user = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: user,
              ownershipEntityRefs: OWNERSHIP[user],
            };
          },
        }).factory,
      ],
    }));
  }, 120_000);

  const get = (path: string, as = ALICE) =>
    request(server)
      .get(`${api}${path}`)
      .set('Authorization', mockCredentials.user.header(as));

  /** Every page from the first, following nextCursor. */
  async function allPages(query: string, as = ALICE) {
    const ids: string[] = [];
    const totals = new Set<number>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await get(
        `/stores?${query}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        as,
      );
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((s: Store) => s.id));
      totals.add(res.body.totalCount);
      cursor = res.body.nextCursor;
      if (++pages > STORE_COUNT) throw new Error('cursor never ends');
    } while (cursor);
    return { ids, totals };
  }

  it('shows each identity only what it may read, in items and in totalCount', async () => {
    const alice = await get('/stores?limit=200');
    expect(alice.status).toBe(200);
    const expected = readableBy(ALICE);
    expect(alice.body.totalCount).toBe(expected.length);
    expect(alice.body.items.map((s: Store) => s.id).sort()).toEqual(
      expected.map(p => p.id).sort(),
    );
    expect(expected.length).toBeLessThan(STORE_COUNT);

    // A small page still counts everything Alice may see, and nothing more.
    const firstPage = await get('/stores?limit=5');
    expect(firstPage.body.items).toHaveLength(5);
    expect(firstPage.body.totalCount).toBe(expected.length);
    const failed = await get('/stores?status=failed&limit=2');
    expect(failed.body.totalCount).toBe(
      expected.filter(p => p.status === 'failed').length,
    );

    const bob = await get('/stores?limit=5', BOB);
    expect(bob.body.totalCount).toBe(STORE_COUNT);
  });

  it.each(
    STORE_SORT_FIELDS.flatMap(orderBy =>
      (['asc', 'desc'] as const).map(order => [orderBy, order] as const),
    ),
  )(
    'pages by %s %s: every store once, none skipped, ties included, as one long page',
    async (orderBy, order) => {
      const query = `orderBy=${orderBy}&order=${order}`;
      const { ids, totals } = await allPages(query);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(
        readableBy(ALICE)
          .map(p => p.id)
          .sort(),
      );
      expect([...totals]).toEqual([readableBy(ALICE).length]);

      // The same order as one page, and as offset pages.
      const whole = await get(`/stores?${query}&limit=200`);
      const paged = (await allPages(query)).ids;
      expect(paged).toEqual(whole.body.items.map((s: Store) => s.id));
      const byOffset: string[] = [];
      for (let offset = 0; offset < whole.body.totalCount; offset += 7) {
        const res = await get(`/stores?${query}&limit=7&offset=${offset}`);
        byOffset.push(...res.body.items.map((s: Store) => s.id));
      }
      expect(byOffset).toEqual(paged);
    },
  );

  it('sorts by time with ties broken by id, in the direction asked', async () => {
    const asc = (await get('/stores?orderBy=createdAt&order=asc&limit=200'))
      .body.items as Store[];
    for (let i = 1; i < asc.length; i++) {
      const [a, b] = [asc[i - 1], asc[i]];
      expect(
        a.createdAt < b.createdAt ||
          (a.createdAt === b.createdAt && a.id < b.id),
      ).toBe(true);
    }
    // Ties exist: five stores share each minute.
    expect(new Set(asc.map(s => s.createdAt)).size).toBeLessThan(asc.length);
  });

  it("lists only the caller's own stores with mine=true, within what they may read", async () => {
    const bobsOwn = await get('/stores?mine=true&limit=200', BOB);
    expect(bobsOwn.status).toBe(200);
    expect(bobsOwn.body.totalCount).toBe(readableBy(BOB).length);
    expect(bobsOwn.body.items.every((s: Store) => s.owner === TEAM_B)).toBe(
      true,
    );
    const alicesOwn = await get('/stores?mine=true&status=ready&limit=200');
    expect(alicesOwn.body.totalCount).toBe(
      readableBy(ALICE).filter(p => p.status === 'ready').length,
    );
    const service = await request(server)
      .get(`${api}/stores?mine=true`)
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(400);
    expect(service.body.error.message).toContain('mine:');
  });

  it('searches ids and titles case-insensitively, % and _ as themselves', async () => {
    const corner = await get('/stores?q=CORNER&limit=200', BOB);
    const cornerIds = Array.from({ length: STORE_COUNT }, (_, i) => seedPlan(i))
      .filter(p => p.title.startsWith('Corner'))
      .map(p => p.id);
    expect(corner.body.items.map((s: Store) => s.id).sort()).toEqual(cornerIds);
    expect(corner.body.totalCount).toBe(cornerIds.length);
    // `%_` matches only the titles that contain those characters.
    const literal = await get(`/stores?q=${encodeURIComponent('0%_o')}`, BOB);
    expect(literal.body.totalCount).toBe(cornerIds.length);
    const wildcard = await get(`/stores?q=${encodeURIComponent('_')}`, BOB);
    expect(wildcard.body.totalCount).toBe(cornerIds.length);
    const byId = await get('/stores?q=shop-00&limit=200', BOB);
    expect(byId.body.items.map((s: Store) => s.id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `shop-00${i}`),
    );
    // Alice's search is within what she may read.
    const alices = await get('/stores?q=shop-00&limit=200');
    expect(alices.body.totalCount).toBe(
      readableBy(ALICE).filter(p => p.id.startsWith('shop-00')).length,
    );
  });

  it.each([
    ['limit=0', 'limit:'],
    ['limit=500', 'limit:'],
    ['orderBy=namespace', 'orderBy:'],
    ['order=sideways', 'order:'],
    ['status=gone', 'status:'],
    ['mine=maybe', 'mine:'],
    ['cursor=abc&offset=7', 'offset:'],
    ['cursor=not-a-cursor', 'cursor:'],
    [`q=${'x'.repeat(101)}`, 'q:'],
  ])('refuses %s with 400 naming the parameter', async (query, name) => {
    const res = await get(`/stores?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(name);
  });

  it('refuses a cursor made for another sort, rather than starting at a wrong place', async () => {
    const first = await get('/stores?orderBy=title&limit=3');
    const res = await get(
      `/stores?orderBy=createdAt&limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('cursor:');
  });
});
