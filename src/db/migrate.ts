import { Migrator, sql, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './connect.js';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Applies every pending migration; returns the names applied now. `schema` names where
 * the bookkeeping tables live when it is not `public`: Kysely looks them up by name alone
 * and would otherwise find another schema's (seen with parallel test schemas).
 */
export async function migrateToLatest(db: Db, options: { schema?: string } = {}): Promise<string[]> {
  if (await isCurrent(db, options.schema)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * True when this schema's bookkeeping table records exactly the migrations this build knows:
 * nothing to do. Checked first because Kysely's migrator scans the tables of every schema of
 * the database (its introspection), which is slow on a shared server and fails if another
 * schema is dropped meanwhile (seen with parallel test schemas). Any doubt (no table yet,
 * other names) leaves the decision to the migrator.
 */
async function isCurrent(db: Db, schema?: string): Promise<boolean> {
  const table = schema ? sql.id(schema, 'kysely_migration') : sql.id('kysely_migration');
  const known = Object.keys(migrations);
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
    const done = new Set(rows.map((r) => r.name));
    return rows.length === known.length && known.every((name) => done.has(name));
  } catch {
    return false;
  }
}
