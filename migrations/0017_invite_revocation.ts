import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // A fresh set of invite links (`admin invite --all`) replaces the unused ones of the same
  // unit and role: those are marked revoked, so an old link says it was replaced.
  await db.schema.alterTable('invites').addColumn('revoked_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invites').dropColumn('revoked_at').execute();
}
