import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createMemoryPglite, openDatabase } from '../../src/db/connect.js';
import { listDeliveries } from '../../src/store/guidance.js';

describe('upgrading a database from before the outbox (migration 0010)', () => {
  it('keeps who got earlier guidance and who could not be reached', async () => {
    const { db, close } = await openDatabase({ pglite: await createMemoryPglite() });
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0009_report_feedback')).error).toBeUndefined();
      // Data as the bot before this change left it: one delivery sent, one refused.
      await sql`insert into units (id, kind, code, name, cluster_id) overriding system value values (1, 'cluster', 'C4', 'Cụm 4', null), (2, 'chapter', 'HYN', 'Hội CCB tỉnh Hưng Yên', 1)`.execute(
        db,
      );
      await sql`insert into people (id, telegram_user_id, chat_id, full_name) overriding system value values (1, 100, 100, 'Luyện'), (2, 201, 201, 'Lan'), (3, 202, 202, 'Hoa')`.execute(
        db,
      );
      await sql`insert into guidance_messages (id, cluster_id, sender_unit_id, author_id, body, created_at) overriding system value values (1, 1, 1, 1, 'Họp', '2026-11-01T02:00:00Z')`.execute(
        db,
      );
      await sql`insert into guidance_deliveries (guidance_id, person_id, unit_id, status, telegram_message_id, attempted_at, error)
                values (1, 2, 2, 'sent', 55, '2026-11-01T02:00:01Z', null), (1, 3, 2, 'failed', null, '2026-11-01T02:00:01Z', 'Forbidden: bot was blocked by the user')`.execute(
        db,
      );

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows = await listDeliveries(db, 1, 1);
      expect(rows.map((r) => [r.personName, r.status, r.failure])).toEqual([
        ['Lan', 'sent', null],
        ['Hoa', 'failed', 'blocked'],
      ]);
      // Nothing of it is sent again.
      expect(
        await db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute(),
      ).toEqual([]);
    } finally {
      await close();
    }
  });
});
