import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // When a contact made themselves the unit's primary contact (the latest one wins).
  await db.schema.alterTable('memberships').addColumn('primary_since', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('memberships').dropColumn('primary_since').execute();
}
