/**
 * One PGlite per test process, reset between tests to a snapshot's rows instead of started
 * afresh from the snapshot's files. Starting a PGlite from a snapshot takes about 0.4 s (a new
 * WASM instance and its file system); a reset is one short script: truncate every table, copy
 * the snapshot's rows back from a schema of their own, set the sequences where they were.
 *
 * A lease is one test's database. While one is open, a second request (a test holding two
 * databases at once) gets null and the caller starts a fresh PGlite. A lease's Kysely refuses
 * every query once the lease is released, so a timer left running by an earlier test fails
 * loudly instead of writing into the next test's rows.
 */
import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { createMemoryPglite, openDatabase, type DatabaseHandle } from '../../src/db/connect.js';

/** Tables a reset leaves alone: the migrator's own bookkeeping. */
const KEPT = new Set(['kysely_migration', 'kysely_migration_lock']);

interface Captured {
  /** The public tables that hold rows in the snapshot. */
  tables: string[];
  /** The identity sequences as the snapshot left them: name → last value (null: never used). */
  sequences: { name: string; lastValue: string | null }[];
}

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
      await pglite.exec(this.resetScript(key, captured));
      return this.handleOn(pglite);
    } catch (error) {
      this.leased = false;
      throw error;
    }
  }

  private async instance(blob: () => Promise<Blob>): Promise<PGlite> {
    if (!this.pglite) {
      this.pglite = await createMemoryPglite(await blob());
      const rows = await this.pglite.query<{ name: string }>(
        `select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
      );
      this.tables = rows.rows.map((r) => r.name).filter((name) => !KEPT.has(name));
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
          const sequences = await source.query<{ name: string; lastValue: string | null }>(
            `select sequencename as name, last_value::text as "lastValue" from pg_sequences where schemaname = 'public'`,
          );
          return { tables, sequences: sequences.rows };
        } finally {
          await source.close();
        }
      })();
      this.captured.set(key, captured);
    }
    return captured;
  }

  private resetScript(key: string, captured: Captured): string {
    const schema = snapshotSchema(key);
    return [
      // A test that failed inside a transaction may have left it open.
      'rollback',
      `truncate ${this.tables.map((t) => `public."${t}"`).join(', ')} restart identity cascade`,
      // Foreign keys are not checked while the rows go back in (they held in the snapshot).
      'set session_replication_role = replica',
      ...captured.tables.map((t) => `insert into public."${t}" overriding system value select * from ${schema}."${t}"`),
      'set session_replication_role = default',
      ...captured.sequences
        .filter((s) => s.lastValue !== null)
        .map((s) => `select setval('public."${s.name}"', ${s.lastValue}, true)`),
    ].join(';\n');
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
