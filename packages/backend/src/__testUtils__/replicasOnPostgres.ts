import { Client } from 'pg';
import { RunningBackend, startBackend } from './startBackend';
import { unique } from './storeApi';

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/** Several backend processes sharing one PostgreSQL, as the chart's replicas do. */
export interface Replicas {
  backends: RunningBackend[];
  /** Stops every replica still running, then drops the databases they made. */
  stop(): Promise<void>;
}

/**
 * Starts `count` real backends (no file watcher) on distinct ports over one
 * PostgreSQL server from scripts/lib/postgres.sh, all with the same plugin
 * databases: a prefix of their own keeps them apart from other suites', and
 * `stop` drops them.
 */
export async function startReplicasOnPostgres(
  count: number,
  extraConfig: string,
  options: {
    /** Database prefix, for databases made before the replicas (a seeded `<prefix>store-platform`); dropped by `stop` too. */
    prefix?: string;
    /** Each replica serves the built app too, as startBackend's serveApp. */
    serveApp?: boolean;
  } = {},
): Promise<Replicas> {
  const url = process.env[PG_ENV];
  if (!url) {
    throw new Error(
      `${PG_ENV} is not set: run \`source scripts/lib/postgres.sh && postgres_start\` first (scripts/test integration does)`,
    );
  }
  const prefix = options.prefix ?? `sp_replicas_${unique()}_`;
  // A small pool per plugin: N replicas times every plugin must stay under max_connections.
  const database = JSON.stringify({
    client: 'pg',
    connection: url,
    prefix,
    knexConfig: { pool: { min: 0, max: 3 } },
  });
  const backends: RunningBackend[] = [];
  const stop = async () => {
    // A SIGKILLed replica cannot be stopped, only cleaned up after.
    for (const backend of backends) {
      await backend.stop().catch(() => backend.kill());
    }
    await dropDatabases(url, prefix);
  };
  try {
    // One after the other: the first creates the databases and migrates them.
    for (let i = 0; i < count; i++) {
      backends.push(
        await startBackend({
          database,
          extraConfig,
          noWatch: true,
          serveApp: options.serveApp,
          timeoutMs: 180_000,
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { backends, stop };
}

async function dropDatabases(url: string, prefix: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
