/**
 * PGlite snapshots built once per test run (vitest's globalSetup) instead of once per test
 * file: a migrated database, and the same with the fixture cluster synced. Restoring a
 * snapshot takes a fraction of a second; migrating and syncing take seconds on PGlite, and
 * every test file used to pay them. Written to a temporary folder, named to the workers by
 * `provide`; test/support/database.ts reads them. Nothing is built for a Postgres run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createMemoryPglite, openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { syncClusterConfig } from '../../src/store/clusters.js';
import { FIXTURE_CONFIG } from '../support/database.js';

/** Builds the snapshots (PGlite runs only) and returns the cleanup. */
export async function provideSnapshots(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteSnapshots', null);
    return async () => undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'bot-pglite-'));
  const pglite = await createMemoryPglite();
  const handle = await openDatabase({ pglite });
  await migrateToLatest(handle.db);
  const migrated = join(dir, 'migrated.tar');
  await writeFile(migrated, await blobBytes(await pglite.dumpDataDir('none')));
  const { clusterId } = await syncClusterConfig(handle.db, await loadClusterConfig(FIXTURE_CONFIG), 'test');
  const synced = join(dir, 'fixture.tar');
  await writeFile(synced, await blobBytes(await pglite.dumpDataDir('none')));
  await handle.close();
  project.provide('pgliteSnapshots', { migrated, synced: [{ configPath: FIXTURE_CONFIG, file: synced, clusterId }] });
  return () => rm(dir, { recursive: true, force: true });
}

async function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}
