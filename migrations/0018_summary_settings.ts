import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // The cluster's `summary:` settings from the config file (the still-low rule), on the
  // cluster's own row as JSON; null: the config leaves them out and the defaults apply.
  await db.schema.alterTable('units').addColumn('summary_settings', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('summary_settings').execute();
}
