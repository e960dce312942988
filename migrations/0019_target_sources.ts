import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // Where a yearly target came from: the config file ('config', managed by config sync) or an
  // import of the leader's sheet ('import', which config sync never overwrites), and when it
  // last changed. Rows from before are the config's.
  await db.schema
    .alterTable('unit_targets')
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .defaultTo('config')
        .check(sql`source in ('config', 'import')`),
    )
    .execute();
  await db.schema
    .alterTable('unit_targets')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('unit_targets').dropColumn('updated_at').execute();
  await db.schema.alterTable('unit_targets').dropColumn('source').execute();
}
