import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // Telegram updates the bot has taken on, by update_id, so one delivered again (after a
  // restart before the batch was confirmed) is not handled twice. A table, not a max:
  // update ids are not monotonic forever. 'started' until the handler returned, then 'done'.
  // Rows older than a couple of days are pruned (Telegram keeps an update 24 hours).
  await db.schema
    .createTable('handled_updates')
    .addColumn('update_id', 'bigint', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('started')
        .check(sql`status in ('started', 'done')`),
    )
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('handled_updates_claimed_at').on('handled_updates').column('claimed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('handled_updates').execute();
}
