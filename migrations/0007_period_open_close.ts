import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // The leader may open a period before its start, or close one before its end.
  await db.schema.alterTable('periods').addColumn('opened_at', 'timestamptz').execute();
  await db.schema.alterTable('periods').addColumn('closed_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('periods').dropColumn('closed_at').execute();
  await db.schema.alterTable('periods').dropColumn('opened_at').execute();
}
