import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // When the cluster leader's consolidated summary for the period is due (optional).
  await db.schema.alterTable('periods').addColumn('summary_deadline_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('periods').dropColumn('summary_deadline_at').execute();
}
