import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Person } from '../db/schema.js';
import { storedConversation, type StoredConversation } from './conversations.js';
import { reportWithPeriodFromJson, reportWithPeriodQuery, type ReportWithPeriod } from './reports.js';
import { membershipsFrom, personWithMembershipsQuery, type Membership, type MembershipRows } from './people.js';

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

/** Marks claimed updates as handled. */
export async function finishUpdates(db: Db, updateIds: number[]): Promise<void> {
  if (updateIds.length === 0) return;
  await db.updateTable('handled_updates').set({ status: 'done' }).where('update_id', 'in', updateIds).execute();
}

/** What `claimUpdateReadingPerson` read with its claim. */
export interface ClaimWithPerson {
  claim: UpdateClaim;
  /** The sender, if registered, with their active memberships. */
  found?: { person: Person; memberships: Membership[] };
  /** Their open prompt (null: none), when asked for and the person exists. */
  conversation?: StoredConversation | null;
  /** The report the open prompt names (its `reportId`, a prompt of kind 'report'), when asked for: as `findReportWithPeriod` reads it. */
  report?: ReportWithPeriod;
}

/**
 * Claims an update as `claimUpdate` does, marking the `finished` ones done (one statement for
 * both, when updates are handled side by side), and reads in the same statement the sender (by Telegram user id)
 * with their memberships, and if `withConversation`, their open prompt: what every update
 * needs before it is handled, in one round trip instead of three. The reads see the database
 * as it was when the statement began, as separate statements just before the claim would.
 * With `withReport` too, when the open prompt is a report's form ({kind: 'report', reportId}),
 * that report with its period (see `findReportWithPeriod`).
 */
export async function claimUpdateReadingPerson(
  db: Db,
  input: {
    updateId: number;
    now: Date;
    finished: number[];
    telegramUserId: number;
    withConversation: boolean;
    withReport?: boolean;
  },
): Promise<ClaimWithPerson> {
  const { updateId, now, finished, telegramUserId, withConversation } = input;
  const withReport = withConversation && input.withReport === true;
  const person = personWithMembershipsQuery(db, { telegramUserId });
  // The prompt's reportId, if it is a whole number an id can be (a bad state reads nothing, never fails).
  const reportId = sql`(select case when cv.state ->> 'kind' = 'report' and jsonb_typeof(cv.state -> 'reportId') = 'number'
    and (cv.state ->> 'reportId')::numeric between 1 and 2147483647 then (cv.state ->> 'reportId')::numeric::int end)`;
  const { rows } = await sql<
    Partial<Person> & {
      claim_inserted: boolean;
      claim_status: UpdateClaim | null;
      memberships: MembershipRows | null;
      conversation_state: unknown;
      conversation_updated_at: Date | null;
      report_read: Record<string, unknown> | null;
    }
  >`
    with done as (
      update handled_updates set status = 'done' where update_id = any(${finished}::int8[])
    ), claimed as (
      insert into handled_updates (update_id, status, claimed_at) values (${updateId}, 'started', ${now})
      on conflict (update_id) do nothing returning update_id
    )
    select exists (select 1 from claimed) as claim_inserted,
      (select status from handled_updates where update_id = ${updateId}) as claim_status,
      pm.*, cv.state as conversation_state, cv.updated_at as conversation_updated_at, to_jsonb(rp) as report_read
    from (select 1) as one
    left join (${person}) as pm on true
    left join conversations cv on ${withConversation} and cv.person_id = pm.id
    left join lateral (${reportWithPeriodQuery(reportId)}) as rp on ${withReport}`.execute(db);
  const {
    claim_inserted: inserted,
    claim_status: status,
    memberships,
    conversation_state: state,
    conversation_updated_at: updatedAt,
    report_read: reportRead,
    ...columns
  } = rows[0]!;
  // Claimed before (the statement sees it as it was when it began), or pruned meanwhile: handled long ago.
  const claim: UpdateClaim = inserted ? 'new' : (status ?? 'done');
  if (columns.id === null || columns.id === undefined) return { claim };
  const found = { person: columns as Person, memberships: membershipsFrom(memberships ?? []) };
  if (!withConversation) return { claim, found };
  const conversation = (updatedAt && storedConversation(state, updatedAt)) ?? null;
  return { claim, found, conversation, ...(reportRead ? { report: reportWithPeriodFromJson(reportRead) } : {}) };
}
