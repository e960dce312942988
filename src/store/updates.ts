import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** What a claim found: the update is new (handle it), or was taken on before. */
export type UpdateClaim = 'new' | 'started' | 'done';

/**
 * Claims a Telegram update by its update_id before it is handled. Returns 'new' if this
 * call claimed it; otherwise the status an earlier claim left: 'done' (handled, but the
 * batch was not confirmed to Telegram before a restart) or 'started' (the process ended
 * while handling it). Atomic on both databases: insert … on conflict do nothing.
 */
export async function claimUpdate(db: Db, updateId: number, now: Date): Promise<UpdateClaim> {
  const inserted = await db
    .insertInto('handled_updates')
    .values({ update_id: updateId, status: 'started', claimed_at: now })
    .onConflict((oc) => oc.column('update_id').doNothing())
    .returning('update_id')
    .executeTakeFirst();
  if (inserted) return 'new';
  const row = await db
    .selectFrom('handled_updates')
    .select('status')
    .where('update_id', '=', updateId)
    .executeTakeFirst();
  // Pruned between the two statements: it was handled long ago.
  return row?.status ?? 'done';
}

/** Marks a claimed update as handled (its handler returned or failed and was answered). */
export async function finishUpdate(db: Db, updateId: number): Promise<void> {
  await db.updateTable('handled_updates').set({ status: 'done' }).where('update_id', '=', updateId).execute();
}

/** Forgets updates claimed before `before`; Telegram re-delivers an update for 24 hours at most. Returns how many. */
export async function pruneHandledUpdates(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('handled_updates').where('claimed_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * `claimUpdate` that also marks `finished` updates handled, in one statement (one round trip
 * for both, when updates are handled side by side).
 */
export async function claimUpdateMarkingDone(
  db: Db,
  updateId: number,
  now: Date,
  finished: number[],
): Promise<UpdateClaim> {
  const { rows } = await sql<{ inserted: boolean; status: UpdateClaim | null }>`
    with done as (
      update handled_updates set status = 'done' where update_id = any(${finished}::int8[])
    ), claimed as (
      insert into handled_updates (update_id, status, claimed_at) values (${updateId}, 'started', ${now})
      on conflict (update_id) do nothing returning update_id
    )
    select exists (select 1 from claimed) as inserted, (select status from handled_updates where update_id = ${updateId}) as status`.execute(
    db,
  );
  const row = rows[0]!;
  if (row.inserted) return 'new';
  // Claimed before (the statement sees it as it was when it began), or pruned meanwhile: handled long ago.
  return row.status ?? 'done';
}

/** Marks claimed updates as handled. */
export async function finishUpdates(db: Db, updateIds: number[]): Promise<void> {
  if (updateIds.length === 0) return;
  await db.updateTable('handled_updates').set({ status: 'done' }).where('update_id', 'in', updateIds).execute();
}
