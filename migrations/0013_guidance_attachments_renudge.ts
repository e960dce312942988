import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  // Guidance may carry one photo or document, kept as Telegram's file id (sent again by id).
  // `renudge_at`: when the one automatic reminder to those who have not pressed "Đã nhận" is
  // due (null: none); `renudged_at` claims it, so it is queued once.
  await db.schema
    .alterTable('guidance_messages')
    .addColumn('attachment_kind', 'text', (c) => c.check(sql`attachment_kind in ('photo', 'document')`))
    .addColumn('attachment_file_id', 'text')
    .addColumn('attachment_name', 'text')
    .addColumn('renudge_at', 'timestamptz')
    .addColumn('renudged_at', 'timestamptz')
    .execute();
  await sql`alter table guidance_messages add constraint guidance_attachment_complete check ((attachment_kind is null) = (attachment_file_id is null))`.execute(
    db,
  );
  await sql`create index guidance_renudge_due on guidance_messages (renudge_at) where renudged_at is null and renudge_at is not null`.execute(
    db,
  );
  // The cluster's setting (from the config file), on the cluster's own row: hours until the re-nudge, 0 = off.
  await db.schema
    .alterTable('units')
    .addColumn('guidance_renudge_hours', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('guidance_renudge_hours').execute();
  await sql`drop index guidance_renudge_due`.execute(db);
  await db.schema.alterTable('guidance_messages').dropConstraint('guidance_attachment_complete').execute();
  await db.schema
    .alterTable('guidance_messages')
    .dropColumn('attachment_kind')
    .dropColumn('attachment_file_id')
    .dropColumn('attachment_name')
    .dropColumn('renudge_at')
    .dropColumn('renudged_at')
    .execute();
}
