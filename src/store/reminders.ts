import type { Db } from '../db/connect.js';

/**
 * Claims one (period, unit, slot) before anything is sent. The unique key makes the
 * claim win at most once, across restarts and across processes on one Postgres.
 */
export async function claimReminder(db: Db, input: { periodId: number; unitId: number; slot: string; now: Date }): Promise<number | undefined> {
  const row = await db
    .insertInto('reminder_dispatches')
    .values({ period_id: input.periodId, unit_id: input.unitId, slot: input.slot, claimed_at: input.now })
    .onConflict((oc) => oc.columns(['period_id', 'unit_id', 'slot']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function finishReminder(db: Db, dispatchId: number, outcome: { sent: number; failures: { personId: number; error: string }[]; now: Date }): Promise<void> {
  await db
    .updateTable('reminder_dispatches')
    .set({ finished_at: outcome.now, sent_count: outcome.sent, failures: JSON.stringify(outcome.failures) })
    .where('id', '=', dispatchId)
    .execute();
}
