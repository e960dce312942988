import { describe, expect, it } from 'vitest';
import { createSendBudget } from '../../src/delivery/budget.js';
import { databasePerTest } from '../support/database.js';

/** The send budget on its own: what it lets leave, and when. */
describe('the send budget', () => {
  const database = databasePerTest();

  it('lets no more than its rate be in flight or answered within the last second, across two budgets on one database', async () => {
    const a = createSendBudget({ db: database.db, perSecond: 5 });
    const b = createSendBudget({ db: database.db, perSecond: 5 });
    const taken: number[] = [];
    const sends = Array.from({ length: 12 }, async (_, i) => {
      const answered = await (i % 2 ? a : b).take(i);
      taken.push(Date.now());
      // Answered 50 ms after leaving: the slot is held from then until a second after.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await answered();
    });
    await Promise.all(sends);
    taken.sort((x, y) => x - y);
    // 12 sends at 5 per (1 s + 50 ms): three rounds, the third no sooner than 2.1 s after the first.
    expect(taken[5]! - taken[0]!).toBeGreaterThanOrEqual(1050);
    expect(taken[10]! - taken[0]!).toBeGreaterThanOrEqual(2100);
    const rows = await database.db.selectFrom('send_budget').selectAll().orderBy('left_at').execute();
    expect(rows).toHaveLength(12);
    // At any moment a send left, fewer than 5 others were in flight or answered within the second before.
    for (const row of rows) {
      const busy = rows.filter(
        (r) =>
          r.id !== row.id &&
          r.left_at <= row.left_at &&
          (r.answered_at === null ||
            r.answered_at > row.left_at ||
            r.answered_at.getTime() > row.left_at.getTime() - 1000),
      );
      expect(busy.length).toBeLessThan(5);
    }
  });

  it('stamps each answer at its moment, many in one statement, before answered() resolves', async () => {
    const budget = createSendBudget({ db: database.db, perSecond: 100 });
    const moments: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const answered = await budget.take(i);
        moments[i] = Date.now();
        await answered();
      }),
    );
    const rows = await database.db.selectFrom('send_budget').select(['chat_id', 'answered_at']).execute();
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(row.answered_at).not.toBeNull();
      expect(row.answered_at!.getTime()).toBeGreaterThanOrEqual(moments[Number(row.chat_id)]! - 1);
    }
    await budget.idle();
  });

  it('does not count a send whose process died without an answer, once it is stale', async () => {
    await database.db
      .insertInto('send_budget')
      .values(
        Array.from({ length: 3 }, () => ({ chat_id: 1, left_at: new Date(Date.now() - 120_000), answered_at: null })),
      )
      .execute();
    const budget = createSendBudget({ db: database.db, perSecond: 3, staleMs: 60_000 });
    const started = Date.now();
    await budget.take(2);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
