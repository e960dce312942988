import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // A comment may be about one answer: the field and the answer as the leader saw it
  // (the unit may correct the report later; the quote stays what was commented on).
  await db.schema
    .alterTable('report_feedback')
    .addColumn('field_key', 'text')
    .addColumn('field_value', 'jsonb')
    .execute();

  // One conversation per (unit, period) between the unit's contacts and the leader's people.
  // The leader's feedback on the unit's report is part of it too, read from report_feedback.
  await db.schema
    .createTable('thread_messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('unit', 'leader')`))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    // The feedback this message answers, if any.
    .addColumn('feedback_id', 'integer', (c) => c.references('report_feedback.id'))
    // The message this one answers, if any.
    .addColumn('reply_to', 'integer', (c) => c.references('thread_messages.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('thread_messages_thread')
    .on('thread_messages')
    .columns(['unit_id', 'period_id', 'id'])
    .execute();
  await db.schema.createIndex('thread_messages_period').on('thread_messages').columns(['period_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('thread_messages').execute();
  await db.schema.alterTable('report_feedback').dropColumn('field_value').dropColumn('field_key').execute();
}
