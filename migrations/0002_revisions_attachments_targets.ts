import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // Every change to a submitted report: who, when, and the value before and after.
  await db.schema
    .createTable('report_revisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id'))
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    // Set once the leader has been told of this change.
    .addColumn('announced_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('report_revisions_report').on('report_revisions').column('report_id').execute();

  await db.schema
    .createTable('report_attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('photo', 'document')`))
    .addColumn('telegram_file_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('file_size', 'integer')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_attachments_report').on('report_attachments').column('report_id').execute();

  // Yearly targets (chỉ tiêu) per unit and indicator, loaded from the cluster config.
  await db.schema
    .createTable('unit_targets')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_targets_pk', ['unit_id', 'year', 'indicator'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['unit_targets', 'report_attachments', 'report_revisions'])
    await db.schema.dropTable(table).execute();
}
