import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createMemoryPglite, openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { syncClusterConfig } from '../../src/store/clusters.js';
import { perTest } from './per-test.js';

let snapshot: Promise<Blob> | undefined;

/** A migrated PGlite, restored from a snapshot taken once per worker (much faster than migrating). */
async function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const pglite = await createMemoryPglite();
    const handle = await openDatabase({ pglite });
    await migrateToLatest(handle.db);
    const blob = await pglite.dumpDataDir('none');
    await handle.close();
    return blob;
  })();
  return snapshot;
}

/**
 * A fresh, migrated database for one test: PGlite in memory by default, or a throwaway
 * schema on the Postgres server named by TEST_DATABASE_URL.
 */
export interface TestDatabase extends DatabaseHandle {
  /** A second, independent connection pool on the same database (Postgres only): a second process. */
  reopen?: () => Promise<DatabaseHandle>;
  /** DATABASE_URL for a child process to use this same database (Postgres only). */
  url?: string;
}

/**
 * A fresh database with a cluster config already synced, and the cluster's id. On PGlite the
 * synced state is built once per worker and config file, then restored for each test (syncing
 * costs a few hundred statements a test otherwise); on Postgres each test syncs its own schema.
 */
export async function createSyncedTestDatabase(
  configPath: string,
): Promise<{ database: TestDatabase; clusterId: number }> {
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    const { clusterId } = await syncClusterConfig(database.db, await loadClusterConfig(configPath), 'test');
    return { database, clusterId };
  }
  let synced = syncedSnapshots.get(configPath);
  if (!synced) {
    synced = (async () => {
      const pglite = await createMemoryPglite(await migratedSnapshot());
      const handle = await openDatabase({ pglite });
      const { clusterId } = await syncClusterConfig(handle.db, await loadClusterConfig(configPath), 'test');
      const blob = await pglite.dumpDataDir('none');
      await handle.close();
      return { blob, clusterId };
    })();
    syncedSnapshots.set(configPath, synced);
  }
  const { blob, clusterId } = await synced;
  return { database: await openDatabase({ pglite: await createMemoryPglite(blob) }), clusterId };
}

const syncedSnapshots = new Map<string, Promise<{ blob: Blob; clusterId: number }>>();

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ pglite: await createMemoryPglite(await migratedSnapshot()) });
    return handle;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: url, searchPath: schema });
  await exclusively(url, async (client) => {
    await client.query(`create schema ${schema}`);
    await migrateToLatest(handle.db, { schema });
  });
  return {
    ...handle,
    reopen: () => openDatabase({ databaseUrl: url, searchPath: schema }),
    url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async close() {
      await handle.close();
      await exclusively(url, (client) => client.query(`drop schema ${schema} cascade`));
    },
  };
}

export const databaseKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * Kysely's migrator lists the tables of every schema; a parallel test dropping its schema
 * meanwhile makes that query fail. Creating, migrating and dropping test schemas one at a
 * time (an advisory lock shared by all test workers) rules that out.
 */
async function exclusively<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(724001)');
    return await work(client);
  } finally {
    await client.query('select pg_advisory_unlock(724001)').catch(() => undefined);
    await client.end();
  }
}

/** A migrated empty database made before each test of the enclosing suite and closed after it (see perTest). */
export function databasePerTest(): TestDatabase {
  return perTest(
    () => createTestDatabase(),
    (database) => database.close(),
  );
}
