import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per (period, unit, person, step), inserted before sending: the claim that makes
  // a reminder go out at most once, across restarts and processes. Replaces the per-unit table.
  await db.schema
    .createTable('reminder_sends')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('period_id', 'integer', (c) => c.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('error', 'text')
    .addUniqueConstraint('reminder_sends_once', ['period_id', 'unit_id', 'person_id', 'step'])
    .execute();
  await db.schema.dropTable('reminder_dispatches').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reminder_sends').execute();
}
