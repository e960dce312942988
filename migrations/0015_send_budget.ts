import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per request to Telegram that produces a message, from every process on this
  // database: taken when the request leaves, stamped when its answer comes back. The
  // rolling-second budget (30 a second) and the per-chat gap are counted from these rows.
  await db.schema
    .createTable('send_budget')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('chat_id', 'bigint')
    .addColumn('left_at', 'timestamptz', (c) => c.notNull())
    .addColumn('answered_at', 'timestamptz')
    .execute();
  await sql`create index send_budget_in_flight on send_budget (left_at) where answered_at is null`.execute(db);
  await sql`create index send_budget_answered on send_budget (answered_at)`.execute(db);
  await sql`create index send_budget_chat on send_budget (chat_id, left_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('send_budget').execute();
}
