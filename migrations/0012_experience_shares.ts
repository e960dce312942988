import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // "Trao đổi kinh nghiệm": a unit's answer the leader shared with the other units. It goes
  // out as a guidance message (its deliveries and "Đã nhận" taps); this row says which
  // report and answer it came from and whom it credits. Who and when: the guidance message.
  await db.schema
    .createTable('experience_shares')
    .addColumn('guidance_id', 'integer', (c) => c.primaryKey().references('guidance_messages.id'))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('experience_shares_report_idx').on('experience_shares').column('report_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('experience_shares').execute();
}
