import type { Db } from '../db/connect.js';

/**
 * Claims one (period, unit, person, step) before anything is sent. The unique key makes
 * the claim win at most once, across restarts and across processes on one Postgres.
 */
export async function claimReminder(
  db: Db,
  input: { periodId: number; unitId: number; personId: number; step: string; now: Date },
): Promise<number | undefined> {
  const row = await db
    .insertInto('reminder_sends')
    .values({
      period_id: input.periodId,
      unit_id: input.unitId,
      person_id: input.personId,
      step: input.step,
      claimed_at: input.now,
    })
    .onConflict((oc) => oc.columns(['period_id', 'unit_id', 'person_id', 'step']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Links a claimed reminder to the outbox row that sends it (what was sent, and how it went). */
export async function updateReminderOutbox(db: Db, claimId: number, outboxId: number): Promise<void> {
  await db.updateTable('reminder_sends').set({ outbox_id: outboxId }).where('id', '=', claimId).execute();
}

/** The people who already hold the claim of (period, unit, step): whom a pass need not prepare it for. */
export async function listClaimedPeople(
  db: Db,
  input: { periodId: number; unitId: number; step: string },
): Promise<Set<number>> {
  const rows = await db
    .selectFrom('reminder_sends')
    .select('person_id')
    .where('period_id', '=', input.periodId)
    .where('unit_id', '=', input.unitId)
    .where('step', '=', input.step)
    .execute();
  return new Set(rows.map((r) => r.person_id));
}
