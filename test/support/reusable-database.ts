/**
 * One database per test process, reset between tests to a snapshot's rows instead of built
 * afresh: on PGlite one instance (starting a PGlite from a snapshot takes about 0.4 s, a new
 * WASM instance and its file system), on Postgres one schema (creating, migrating, syncing and
 * dropping a schema takes about a second). A reset is one short script: truncate every table,
 * copy the snapshot's rows back from a schema of their own, set the sequences where they were.
 *
 * A lease is one test's database. While one is open, a second request (a test holding two
 * databases at once) gets null and the caller builds a fresh one. A PGlite lease's Kysely
 * refuses every query once the lease is released, so a timer left running by an earlier test
 * fails loudly instead of writing into the next test's rows; a Postgres lease's pool is ended.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { createMemoryPglite, openDatabase, type DatabaseHandle, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** Tables a reset leaves alone: the migrator's own bookkeeping. */
const KEPT = new Set(['kysely_migration', 'kysely_migration_lock']);

interface Captured {
  /** The tables that hold rows in the snapshot. */
  tables: string[];
  /** The identity sequences as the snapshot left them: name → last value (null: never used). */
  sequences: { name: string; lastValue: string | null }[];
}

/** The script that puts `captured`'s rows (kept in `from`) back into `schema`'s `tables`. */
function resetScript(schema: string, tables: string[], from: string, captured: Captured): string {
  return [
    `truncate ${tables.map((t) => `${schema}."${t}"`).join(', ')} restart identity cascade`,
    // Foreign keys are not checked while the rows go back in (they held in the snapshot).
    'set session_replication_role = replica',
    ...captured.tables.map((t) => `insert into ${schema}."${t}" overriding system value select * from ${from}."${t}"`),
    'set session_replication_role = default',
    ...captured.sequences
      .filter((s) => s.lastValue !== null)
      .map((s) => `select setval('${schema}."${s.name}"', ${s.lastValue}, true)`),
  ].join(';\n');
}

/** The tables of `schema` a reset empties: all but the migrator's own. */
async function resetTables(query: (text: string) => Promise<{ rows: { name: string }[] }>, schema: string) {
  const { rows } = await query(`select tablename as name from pg_tables where schemaname = '${schema}' order by 1`);
  return rows.map((r) => r.name).filter((name) => !KEPT.has(name));
}

/** The sequences of `schema` and where they stand. */
async function sequencesOf(
  query: (text: string) => Promise<{ rows: { name: string; lastValue: string | null }[] }>,
  schema: string,
): Promise<Captured['sequences']> {
  const { rows } = await query(
    `select sequencename as name, last_value::text as "lastValue" from pg_sequences where schemaname = '${schema}'`,
  );
  return rows;
}

/** One PGlite per process, reset for each test. */
export class ReusablePglite {
  private pglite: PGlite | undefined;
  private tables: string[] = [];
  private readonly captured = new Map<string, Promise<Captured>>();
  private leased = false;

  /**
   * A database holding exactly the rows of snapshot `key` (its files in `blob`), or null when
   * this process's PGlite is leased to an open test database.
   */
  async lease(key: string, blob: () => Promise<Blob>): Promise<DatabaseHandle | null> {
    if (this.leased) return null;
    this.leased = true;
    try {
      const pglite = await this.instance(blob);
      const captured = await this.capture(key, blob);
      // 'rollback': a test that failed inside a transaction may have left it open.
      await pglite.exec(`rollback;\n${resetScript('public', this.tables, snapshotSchema(key), captured)}`);
      return this.handleOn(pglite);
    } catch (error) {
      this.leased = false;
      throw error;
    }
  }

  /** Closes the PGlite (the next lease starts another). */
  async close(): Promise<void> {
    const pglite = this.pglite;
    this.pglite = undefined;
    this.captured.clear();
    this.leased = false;
    await pglite?.close();
  }

  private async instance(blob: () => Promise<Blob>): Promise<PGlite> {
    if (!this.pglite) {
      this.pglite = await createMemoryPglite(await blob());
      const pglite = this.pglite;
      this.tables = await resetTables((text) => pglite.query<{ name: string }>(text), 'public');
    }
    return this.pglite;
  }

  /** Copies snapshot `key`'s rows into schema snap_<key> of the shared PGlite, once. */
  private capture(key: string, blob: () => Promise<Blob>): Promise<Captured> {
    let captured = this.captured.get(key);
    if (!captured) {
      captured = (async () => {
        const target = this.pglite!;
        const source = await createMemoryPglite(await blob());
        try {
          const schema = snapshotSchema(key);
          await target.exec(`create schema ${schema}`);
          const tables: string[] = [];
          for (const table of this.tables) {
            const { rows } = await source.query<{ n: number }>(`select count(*)::int as n from public."${table}"`);
            if (rows[0]!.n === 0) continue;
            tables.push(table);
            const copied = await source.query(`copy public."${table}" to '/dev/blob'`);
            await target.exec(`create table ${schema}."${table}" (like public."${table}")`);
            await target.query(`copy ${schema}."${table}" from '/dev/blob'`, [], { blob: copied.blob! });
          }
          return { tables, sequences: await sequencesOf((text) => source.query(text), 'public') };
        } finally {
          await source.close();
        }
      })();
      this.captured.set(key, captured);
    }
    return captured;
  }

  /** A handle whose Kysely refuses queries once released; closing it releases the lease. */
  private async handleOn(pglite: PGlite): Promise<DatabaseHandle> {
    let open = true;
    const guarded = new Proxy(pglite, {
      get: (target, property) => {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (!open) throw new Error('this test database was closed: a query came after its test ended');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const handle = await openDatabase({ pglite: guarded });
    return {
      ...handle,
      close: async () => {
        if (!open) return;
        // The session's settings go back to their defaults for the next test.
        await sql`reset all`.execute(handle.db).catch(() => undefined);
        open = false;
        this.leased = false;
      },
    };
  }
}

/** A schema name for a snapshot key (a config file's path can be longer than a name may be). */
function snapshotSchema(key: string): string {
  return `snap_${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * One schema per process on the Postgres server at `url`, reset for each test. Snapshots are
 * built in the schema itself by `populate` (e.g. syncing a config) and kept in schemas of
 * their own; `drop()` removes them all. Schemas are created, migrated and dropped one at a
 * time across processes (`exclusively`): Kysely's migrator lists every schema's tables.
 */
export class ReusablePgSchema {
  readonly schema = `test_${randomBytes(6).toString('hex')}`;
  private tables: Promise<string[]> | undefined;
  private readonly captured = new Map<string, Promise<Captured & { result: number }>>();
  private leased = false;

  constructor(
    private readonly url: string,
    private readonly exclusively: <T>(work: (client: pg.Client) => Promise<T>) => Promise<T>,
  ) {}

  /**
   * A pool on this process's schema holding exactly snapshot `key`'s rows, and what `populate`
   * returned when the snapshot was built (from a migrated, empty schema); null while leased.
   */
  async lease(
    key: string,
    populate: (db: Db) => Promise<number>,
  ): Promise<{ handle: DatabaseHandle; result: number } | null> {
    if (this.leased) return null;
    this.leased = true;
    try {
      const tables = await this.migrated();
      const captured = await this.capture(key, tables, populate);
      await this.withClient((client) =>
        client.query(
          // A session still holding a table (a killed child process) must not hang the reset.
          `set lock_timeout = '10s';\n${resetScript(this.schema, tables, `${this.schema}_${snapshotSchema(key)}`, captured)}`,
        ),
      );
      const handle = await openDatabase({ databaseUrl: this.url, searchPath: this.schema });
      return {
        result: captured.result,
        handle: {
          ...handle,
          close: async () => {
            await handle.close();
            this.leased = false;
          },
        },
      };
    } catch (error) {
      this.leased = false;
      throw error;
    }
  }

  /** Removes this process's schema and its snapshots. */
  async drop(): Promise<void> {
    if (!this.tables) return;
    const names = [this.schema, ...[...this.captured.keys()].map((key) => `${this.schema}_${snapshotSchema(key)}`)];
    await this.exclusively((client) => client.query(names.map((n) => `drop schema if exists ${n} cascade`).join(';')));
  }

  private migrated(): Promise<string[]> {
    this.tables ??= this.exclusively(async (client) => {
      await client.query(`create schema ${this.schema}`);
      const handle = await openDatabase({ databaseUrl: this.url, searchPath: this.schema });
      try {
        await migrateToLatest(handle.db, { schema: this.schema });
      } finally {
        await handle.close();
      }
      return resetTables((text) => client.query(text), this.schema);
    });
    return this.tables;
  }

  private capture(key: string, tables: string[], populate: (db: Db) => Promise<number>) {
    let captured = this.captured.get(key);
    if (!captured) {
      captured = (async () => {
        const keep = `${this.schema}_${snapshotSchema(key)}`;
        await this.withClient((client) =>
          client.query(`truncate ${tables.map((t) => `${this.schema}."${t}"`).join(', ')} restart identity cascade`),
        );
        const handle = await openDatabase({ databaseUrl: this.url, searchPath: this.schema });
        let result: number;
        try {
          result = await populate(handle.db);
        } finally {
          await handle.close();
        }
        return this.withClient(async (client) => {
          await client.query(`create schema ${keep}`);
          const filled: string[] = [];
          for (const table of tables) {
            const { rows } = await client.query<{ n: number }>(
              `select count(*)::int as n from ${this.schema}."${table}"`,
            );
            if (rows[0]!.n === 0) continue;
            filled.push(table);
            await client.query(`create table ${keep}."${table}" as select * from ${this.schema}."${table}"`);
          }
          return { tables: filled, sequences: await sequencesOf((text) => client.query(text), this.schema), result };
        });
      })();
      this.captured.set(key, captured);
    }
    return captured;
  }

  private async withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
