import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // Each answer's version, who wrote it and when: {"field_key": {"v": 3, "by": 12, "at": "…"}}.
  // A writer remembers the version on screen; a write over a newer one is a conflict to resolve.
  await db.schema
    .alterTable('reports')
    .addColumn('answer_versions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();

  // Every value an answer ever had, draft or sent: nothing written is lost when another overwrites it.
  await db.schema
    .createTable('report_answer_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id'))
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    // The report was already sent when this value was written (a correction).
    .addColumn('submitted', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_answer_history_report')
    .on('report_answer_history')
    .columns(['report_id', 'field_key'])
    .execute();

  // A file's own caption; a removed file is kept (who, when) but no longer part of the report;
  // an album's files share Telegram's media_group_id, and the one reply for it is edited as files come.
  await db.schema
    .alterTable('report_attachments')
    .addColumn('caption', 'text')
    .addColumn('media_group_id', 'text')
    .addColumn('ack_message_id', 'integer')
    .addColumn('removed_at', 'timestamptz')
    .addColumn('removed_by', 'integer', (c) => c.references('people.id'))
    .execute();
  await db.schema
    .createIndex('report_attachments_group')
    .on('report_attachments')
    .columns(['report_id', 'media_group_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('report_attachments_group').execute();
  await db.schema
    .alterTable('report_attachments')
    .dropColumn('caption')
    .dropColumn('media_group_id')
    .dropColumn('ack_message_id')
    .dropColumn('removed_at')
    .dropColumn('removed_by')
    .execute();
  await db.schema.dropTable('report_answer_history').execute();
  await db.schema.alterTable('reports').dropColumn('answer_versions').execute();
}
