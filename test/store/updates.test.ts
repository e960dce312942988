import { describe, expect, it } from 'vitest';
import {
  claimUpdate,
  claimUpdateReadingPerson,
  finishUpdate,
  finishUpdates,
  pruneHandledUpdates,
} from '../../src/store/updates.js';
import type { Db } from '../../src/db/connect.js';
import { databasePerTest } from '../support/database.js';

describe('the store of handled update ids', () => {
  const database = databasePerTest();
  const at = (iso: string) => new Date(iso);

  it('claims an id once: started until finished, done after', async () => {
    const { db } = database;
    expect(await claimUpdate(db, 500_000_001, at('2026-11-20T03:00:00Z'))).toBe('new');
    expect(await claimUpdate(db, 500_000_001, at('2026-11-20T03:00:01Z'))).toBe('started');
    await finishUpdate(db, 500_000_001);
    expect(await claimUpdate(db, 500_000_001, at('2026-11-20T03:00:02Z'))).toBe('done');
    // Ids are not a sequence to compare against: a smaller one later is still new.
    expect(await claimUpdate(db, 7, at('2026-11-20T03:00:03Z'))).toBe('new');
  });

  it('marks handled updates done with the next claim, in one statement', async () => {
    const { db } = database;
    const claimUpdateMarkingDone = async (db: Db, updateId: number, now: Date, finished: number[]) =>
      (await claimUpdateReadingPerson(db, { updateId, now, finished, telegramUserId: 1, withConversation: true }))
        .claim;
    expect(await claimUpdateMarkingDone(db, 10, at('2026-11-20T03:00:00Z'), [])).toBe('new');
    expect(await claimUpdateMarkingDone(db, 11, at('2026-11-20T03:00:00Z'), [])).toBe('new');
    expect(await claimUpdateMarkingDone(db, 12, at('2026-11-20T03:00:01Z'), [10])).toBe('new');
    expect(await claimUpdateMarkingDone(db, 10, at('2026-11-20T03:00:02Z'), [])).toBe('done');
    expect(await claimUpdateMarkingDone(db, 11, at('2026-11-20T03:00:02Z'), [])).toBe('started');
    await finishUpdates(db, [11, 12]);
    expect(await claimUpdate(db, 11, at('2026-11-20T03:00:03Z'))).toBe('done');
    expect(await claimUpdate(db, 12, at('2026-11-20T03:00:03Z'))).toBe('done');
  });

  it('reads the sender with their memberships and open prompt in the claim', async () => {
    const { db } = database;
    const claim = (updateId: number, telegramUserId: number, withConversation: boolean) =>
      claimUpdateReadingPerson(db, {
        updateId,
        now: at('2026-11-20T03:00:00Z'),
        finished: [],
        telegramUserId,
        withConversation,
      });
    expect(await claim(1, 555, true)).toEqual({ claim: 'new' });
    const person = await db
      .insertInto('people')
      .values({ telegram_user_id: 555, chat_id: 555, full_name: 'Ngọc' })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(await claim(2, 555, true)).toEqual({ claim: 'new', found: { person, memberships: [] }, conversation: null });
    const updatedAt = at('2026-11-20T02:00:00Z');
    await db
      .insertInto('conversations')
      .values({ person_id: person.id, state: JSON.stringify({ kind: 'x', n: 1 }), updated_at: updatedAt })
      .execute();
    expect((await claim(3, 555, true)).conversation).toEqual({ state: { kind: 'x', n: 1 }, updatedAt });
    expect(await claim(4, 555, false)).toEqual({ claim: 'new', found: { person, memberships: [] } });
    expect((await claim(4, 555, true)).claim).toBe('started');
    // A form's report is read too when asked for; a state naming no report (or not a number) reads nothing and never fails.
    for (const reportId of [999_999, 'abc', 1.5e300, -1]) {
      await db
        .updateTable('conversations')
        .set({ state: JSON.stringify({ kind: 'report', reportId }) })
        .where('person_id', '=', person.id)
        .execute();
      const read = await claimUpdateReadingPerson(db, {
        updateId: 100,
        now: at('2026-11-20T03:00:00Z'),
        finished: [],
        telegramUserId: 555,
        withConversation: true,
        withReport: true,
      });
      expect(read.conversation?.state).toEqual({ kind: 'report', reportId });
      expect(read.report).toBeUndefined();
    }
  });

  it('claims an id for one of two racing claimers only', async () => {
    const { db } = database;
    const claims = await Promise.all([1, 2, 3].map(() => claimUpdate(db, 42, at('2026-11-20T03:00:00Z'))));
    expect(claims.filter((c) => c === 'new')).toHaveLength(1);
  });

  it('prunes ids claimed before the cut-off and keeps the rest', async () => {
    const { db } = database;
    await claimUpdate(db, 1, at('2026-11-17T03:00:00Z'));
    await claimUpdate(db, 2, at('2026-11-18T02:59:59Z'));
    await claimUpdate(db, 3, at('2026-11-18T03:00:00Z'));
    await claimUpdate(db, 4, at('2026-11-20T03:00:00Z'));
    expect(await pruneHandledUpdates(db, at('2026-11-18T03:00:00Z'))).toBe(2);
    const left = await db.selectFrom('handled_updates').select('update_id').orderBy('update_id').execute();
    expect(left.map((r) => Number(r.update_id))).toEqual([3, 4]);
    expect(await claimUpdate(db, 1, at('2026-11-20T03:00:00Z'))).toBe('new');
  });
});
