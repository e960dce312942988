import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // The leader's word on a report: a comment, "Đạt" (accepted) or "Trả lại" (sent back).
  await db.schema
    .createTable('report_feedback')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('comment', 'accept', 'return')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  // "Đã nhận" pressed by a unit's contact on a piece of feedback.
  await db.schema
    .createTable('report_feedback_acks')
    .addColumn('feedback_id', 'integer', (c) => c.notNull().references('report_feedback.id'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_feedback_acks_pk', ['feedback_id', 'person_id'])
    .execute();
  // The report's review state: accepted reports are final; returned ones may be corrected.
  await db.schema.alterTable('reports').addColumn('review', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropColumn('review').execute();
  await db.schema.dropTable('report_feedback_acks').execute();
  await db.schema.dropTable('report_feedback').execute();
}
