import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createMemoryPglite, openDatabase, type DatabaseHandle, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { syncClusterConfig } from '../../src/store/clusters.js';
import { ReusablePglite, ReusablePgSchema } from './reusable-database.js';

/** The example cluster the tests run on (9 units, a monthly report of three questions). */
export const FIXTURE_CONFIG = fileURLToPath(new URL('../fixtures/cluster.yaml', import.meta.url));

/** PGlite snapshots built by the run's global setup: files, and for a synced one its cluster's id and config. */
export interface ProvidedSnapshots {
  migrated: string;
  synced: { configPath: string; file: string; clusterId: number }[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshots: ProvidedSnapshots | null;
  }
}

/**
 * The snapshots the test run's global setup built (test/setup/snapshots.ts), or null outside
 * vitest (the demo and the benchmark) and on Postgres.
 */
async function providedSnapshots(): Promise<ProvidedSnapshots | null> {
  if (!process.env.VITEST) return null;
  const { inject } = await import('vitest');
  return inject('pgliteSnapshots') ?? null;
}

async function readSnapshot(file: string): Promise<Blob> {
  return new Blob([await readFile(file)]);
}
import { perTest } from './per-test.js';

let snapshot: Promise<Blob> | undefined;

/**
 * A migrated PGlite: the run's shared snapshot, or one taken once per process (restoring
 * is much faster than migrating).
 */
async function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const provided = await providedSnapshots();
    if (provided) return readSnapshot(provided.migrated);
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
 * synced state is built once per run (the fixture's) or per process and config file, then restored for each test (syncing
 * costs a few hundred statements a test otherwise); on Postgres each test syncs its own schema.
 */
export async function createSyncedTestDatabase(
  configPath: string,
): Promise<{ database: TestDatabase; clusterId: number }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const config = await loadClusterConfig(configPath);
    const leased = await leasePgSchema(
      url,
      configPath,
      async (db) => (await syncClusterConfig(db, config, 'test')).clusterId,
    );
    if (leased) return { database: leased.database, clusterId: leased.result };
    const database = await createTestDatabase();
    const { clusterId } = await syncClusterConfig(database.db, config, 'test');
    return { database, clusterId };
  }
  let synced = syncedSnapshots.get(configPath);
  if (!synced) {
    synced = (async () => {
      const provided = (await providedSnapshots())?.synced.find((s) => s.configPath === configPath);
      if (provided) return { blob: await readSnapshot(provided.file), clusterId: provided.clusterId };
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
  const leased = await reusable.lease(configPath, async () => blob);
  return { database: leased ?? (await openDatabase({ pglite: await createMemoryPglite(blob) })), clusterId };
}

/** This process's PGlite, reset for each test while no other test database is open. */
const reusable = new ReusablePglite();

const syncedSnapshots = new Map<string, Promise<{ blob: Blob; clusterId: number }>>();

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const leased = await reusable.lease('migrated', migratedSnapshot);
    return leased ?? (await openDatabase({ pglite: await createMemoryPglite(await migratedSnapshot()) }));
  }
  const leased = await leasePgSchema(url, 'migrated', async () => 0);
  if (leased) return leased.database;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: url, searchPath: schema });
  await exclusively(url, async (client) => {
    await client.query(`create schema ${schema}`);
    await migrateToLatest(handle.db, { schema });
  });
  return {
    ...handle,
    reopen: () => openDatabase({ databaseUrl: url, searchPath: schema }),
    url: schemaUrl(url, schema),
    async close() {
      await handle.close();
      await exclusively(url, (client) => client.query(`drop schema ${schema} cascade`));
    },
  };
}

let reusableSchema: ReusablePgSchema | undefined;

/**
 * This process's schema reset to snapshot `key` (built by `populate`), as a test database with
 * `reopen` and `url`; null while another test database of this process is open.
 */
async function leasePgSchema(
  url: string,
  key: string,
  populate: (db: Db) => Promise<number>,
): Promise<{ database: TestDatabase; result: number } | null> {
  reusableSchema ??= new ReusablePgSchema(url, (work) => exclusively(url, work));
  const schema = reusableSchema.schema;
  const leased = await reusableSchema.lease(key, populate);
  if (!leased) return null;
  return {
    result: leased.result,
    database: {
      ...leased.handle,
      reopen: () => openDatabase({ databaseUrl: url, searchPath: schema }),
      url: schemaUrl(url, schema),
    },
  };
}

function schemaUrl(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Drops this process's reusable schema and closes its PGlite (test/setup/each-file.ts, after a file's tests). */
export async function releaseReusableDatabases(): Promise<void> {
  await reusableSchema?.drop();
  reusableSchema = undefined;
  await reusable.close();
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
