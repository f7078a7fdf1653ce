import { Client } from 'pg';
import { RunningBackend, startBackend } from './startBackend';

/** Who the guest sign-in of one backend makes you. */
export interface TeamIdentity {
  /** A user entity ref that is not in the catalog, e.g. `user:default/alice`. */
  userEntityRef: string;
  /** The refs the permission policy sees: the user and their groups. */
  ownershipEntityRefs: string[];
}

/** `user:default/<name>`, member of `groups`, as the guest sign-in of a team backend. */
export function teamMember(name: string, ...groups: string[]): TeamIdentity {
  const userEntityRef = `user:default/${name}`;
  return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] };
}

export interface TwoTeamBackends {
  /** Guest sign-in as `teamA`. */
  a: RunningBackend;
  /** Guest sign-in as `teamB`. */
  b: RunningBackend;
  /** Stops both and drops their databases. */
  stop(): Promise<void>;
}

/** The throwaway PostgreSQL of `scripts/lib/postgres.sh`, as `scripts/test integration` exports it. */
export function testPostgresUrl(): string {
  const url = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!url) {
    throw new Error(
      'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set: run the integration suites with `scripts/test integration`, or `source scripts/lib/postgres.sh && postgres_start` first',
    );
  }
  return url;
}

async function dropDatabases(url: string, prefix: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS "${datname.replace(/"/g, '""')}" WITH (FORCE)`,
      );
    }
  } finally {
    await client.end();
  }
}

const guestConfig = (team: TeamIdentity) =>
  [
    'auth:',
    '  providers:',
    '    guest:',
    `      userEntityRef: '${team.userEntityRef}'`,
    `      ownershipEntityRefs: [${team.ownershipEntityRefs
      .map(ref => `'${ref}'`)
      .join(', ')}]`,
  ].join('\n');

/**
 * Real backends of one platform, as replicas behind a load balancer would
 * be: the same PostgreSQL databases (one per plugin, under a prefix of their
 * own), so the same stores, catalog, tasks and keys; but each signs its
 * guest in as a different person, which gives a test several identities
 * against the real permission backend. The guest provider uses
 * `ownershipEntityRefs` only for users that are not in the catalog.
 */
export async function startTeamBackends(options: {
  identities: TeamIdentity[];
  /** Further config for all (YAML, top level). */
  extraConfig?: string;
}): Promise<{ backends: RunningBackend[]; stop(): Promise<void> }> {
  const url = testPostgresUrl();
  const prefix = `sp_teams_${Math.random().toString(36).slice(2, 8)}_`;
  const database = `{ client: pg, connection: '${url}', prefix: '${prefix}' }`;
  const backends: RunningBackend[] = [];
  const stop = async () => {
    await Promise.all(backends.map(backend => backend.stop()));
    await dropDatabases(url, prefix);
  };
  try {
    // One after the other: the first runs the migrations.
    for (const identity of options.identities) {
      backends.push(
        await startBackend({
          database,
          // Run once: in a checkout others edit, a restart on a file change
          // would drop the replica in the middle of a test.
          noWatch: true,
          extraConfig: [guestConfig(identity), options.extraConfig ?? ''].join(
            '\n',
          ),
        }),
      );
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { backends, stop };
}

/** Two backends of one platform (see startTeamBackends), signed in as `teamA` and `teamB`. */
export async function startTwoTeamBackends(options: {
  teamA: TeamIdentity;
  teamB: TeamIdentity;
  /** Further config for both (YAML, top level). */
  extraConfig?: string;
}): Promise<TwoTeamBackends> {
  const { backends, stop } = await startTeamBackends({
    identities: [options.teamA, options.teamB],
    extraConfig: options.extraConfig,
  });
  return { a: backends[0], b: backends[1], stop };
}
