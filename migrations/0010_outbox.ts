import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // A group of messages whose end someone waits for (a broadcast and the tally after it).
  await db.schema
    .createTable('outbox_batches')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('on_done', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .execute();
  // Every message the bot sends on its own initiative: written before it is sent, claimed by
  // one sender at a time, and kept with its outcome.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('cluster_id', 'integer', (c) => c.references('units.id'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('batch_id', 'integer', (c) => c.references('outbox_batches.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sending', 'sent', 'failed', 'uncertain', 'expired')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_before', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('telegram_message_id', 'bigint')
    .addColumn('failure', 'text')
    .addColumn('error', 'text')
    // Set when a sender died holding the message: it was sent again and may have arrived twice.
    .addColumn('duplicate_risk', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index outbox_waiting on outbox (not_before, id) where status in ('pending', 'sending')`.execute(db);
  // The claim walks pending rows by id: without this it would step over every settled row.
  await sql`create index outbox_pending on outbox (id) where status = 'pending'`.execute(db);
  await sql`create index outbox_chat_waiting on outbox (chat_id, id) where status in ('pending', 'sending')`.execute(
    db,
  );
  await sql`create index outbox_chat_claims on outbox (chat_id, claimed_at)`.execute(db);
  await sql`create index outbox_claims on outbox (claimed_at)`.execute(db);
  await sql`create index outbox_batch on outbox (batch_id)`.execute(db);

  // Guidance and reminders now say which queued message carries them; its row holds the outcome.
  // Outcomes recorded before the outbox become settled rows, so older acknowledgement grids
  // still show who got the message and who could not be reached.
  await db.schema
    .alterTable('guidance_deliveries')
    .addColumn('outbox_id', 'bigint', (c) => c.references('outbox.id'))
    .execute();
  await sql`
    insert into outbox (cluster_id, person_id, chat_id, method, payload, dedupe_key, status, attempts, not_before, sent_at, telegram_message_id, failure, error, created_at)
    select g.cluster_id, d.person_id, p.chat_id, 'sendMessage', '{}'::jsonb, 'before-outbox:guidance:' || d.id,
           case when d.status = 'sent' then 'sent' else 'failed' end, 1, coalesce(d.attempted_at, g.created_at),
           case when d.status = 'sent' then d.attempted_at end, d.telegram_message_id,
           case when d.status = 'failed' then (case when d.error ilike '%blocked%' or d.error ilike '%forbidden%' then 'blocked' when d.error ilike '%not found%' then 'not_found' else 'gave_up' end) end,
           d.error, coalesce(d.attempted_at, g.created_at)
    from guidance_deliveries d join guidance_messages g on g.id = d.guidance_id join people p on p.id = d.person_id
    where d.status in ('sent', 'failed')`.execute(db);
  await sql`update guidance_deliveries d set outbox_id = o.id from outbox o where o.dedupe_key = 'before-outbox:guidance:' || d.id`.execute(
    db,
  );
  await db.schema
    .alterTable('guidance_deliveries')
    .dropColumn('status')
    .dropColumn('error')
    .dropColumn('telegram_message_id')
    .dropColumn('attempted_at')
    .execute();
  await db.schema
    .alterTable('reminder_sends')
    .addColumn('outbox_id', 'bigint', (c) => c.references('outbox.id'))
    .dropColumn('sent_at')
    .dropColumn('error')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reminder_sends')
    .dropColumn('outbox_id')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .alterTable('guidance_deliveries')
    .dropColumn('outbox_id')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('error', 'text')
    .addColumn('telegram_message_id', 'bigint')
    .addColumn('attempted_at', 'timestamptz')
    .execute();
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('outbox_batches').execute();
}
