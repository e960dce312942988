import { ConfigError } from './config/errors.js';
import type { OfflineEnv } from './config/env.js';
import { openDatabase, type DatabaseHandle } from './db/connect.js';
import { DataDirLockedError } from './db/lock.js';
import { migrateToLatest, MigrationError } from './db/migrate.js';
import { CommandFailed, StartupError } from './errors.js';
import type { Logger } from './log.js';

/** Postgres when DATABASE_URL is set, else the embedded PGlite in DATA_DIR; migrated. */
export async function openMigratedDatabase(env: OfflineEnv, log: Logger): Promise<DatabaseHandle> {
  const handle = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length) log.info('migrations applied', { applied });
    return handle;
  } catch (error) {
    await handle.close();
    if (
      error instanceof MigrationError &&
      handle.kind === 'postgres' &&
      /ECONNREFUSED|ENOTFOUND|authentication|does not exist/.test(String(error.cause))
    ) {
      throw new StartupError(`Cannot reach the database at DATABASE_URL: ${String(error.cause)}`);
    }
    throw error;
  }
}

/** Errors a person can act on are printed plainly (no stack) and exit non-zero. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error in ${error.message}\n`);
    } else if (
      error instanceof DataDirLockedError ||
      error instanceof MigrationError ||
      error instanceof StartupError ||
      error instanceof CommandFailed
    ) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(
        `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exitCode = 1;
  }
}
