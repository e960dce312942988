import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { join } from 'node:path';
import { lockDataDir } from './lock.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const INT8_OID = 20;
/** Telegram ids fit in 2^53: read int8 as number from both drivers, not string/bigint. */
const parseInt8 = (value: string) => Number(value);

export type DatabaseOptions = { databaseUrl: string; searchPath?: string } | { dataDir: string } | { pglite: PGlite };

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if ('databaseUrl' in options) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID
            ? parseInt8
            : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    pool.on('connect', prepareStatements);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if ('pglite' in options) {
    const db = new Kysely<Database>({ dialect: new PGliteDialect(options.pglite) });
    return { db, kind: 'pglite', close: () => db.destroy() };
  }
  const unlock = await lockDataDir(options.dataDir);
  try {
    const pglite = await PGlite.create(join(options.dataDir, 'pglite'), { parsers: { [INT8_OID]: parseInt8 } });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** Statement texts with a name: the same name for the same text on every connection. */
const statementNames = new Map<string, string>();
/** Texts named at most (lists of values make new texts); the rest are parsed each time, as before. */
const MAX_NAMED_STATEMENTS = 500;

/**
 * Makes the connection send each statement with parameters as a named prepared statement:
 * the server parses and plans it once per connection, then only binds and runs it (parsing
 * and planning cost the server more CPU than running most of the bot's statements, and the
 * text is not sent again). kysely calls `query(text, values)`; other calls pass through.
 */
function prepareStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
      return query(...args);
    let name = statementNames.get(text);
    if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
      name = `k${statementNames.size + 1}`;
      statementNames.set(text, name);
    }
    return name === undefined ? query(text, values) : query({ name, text, values });
  };
}

export function createMemoryPglite(loadDataDir?: Blob | File): Promise<PGlite> {
  return PGlite.create({ parsers: { [INT8_OID]: parseInt8 }, ...(loadDataDir ? { loadDataDir } : {}) });
}

/** Runs `work` in a transaction: the caller's, if `db` already is one, else a new one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
