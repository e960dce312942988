import { inTransaction, type Db } from '../db/connect.js';
import type { Selectable } from 'kysely';
import type { Period, ThreadMessagesTable } from '../db/schema.js';
import type { AnswerValue } from '../domain/form.js';
import type { ThreadSide } from '../domain/threads.js';
import { auditByPerson } from './audit.js';
import { listActiveSchedules } from './clusters.js';
import { feedbackWithReport, type FeedbackKind } from './feedback.js';
import { ensurePeriod } from './periods.js';

/**
 * One conversation per (unit, period) between a unit's contacts and the leader's people.
 * Its messages live in thread_messages; the leader's feedback on the unit's report of that
 * period is read from report_feedback, so the thread is the whole conversation.
 */
export interface ThreadMessage {
  id: number;
  clusterId: number;
  periodId: number;
  unitId: number;
  side: ThreadSide;
  authorId: number;
  body: string;
  feedbackId: number | null;
  replyTo: number | null;
  createdAt: Date;
}

/** A new message of a thread: what it carries, whom it answers (feedback or a message), and when. */
export type NewThreadMessage = Omit<ThreadMessage, 'id' | 'feedbackId' | 'replyTo' | 'createdAt'> & {
  feedbackId?: number;
  replyTo?: number;
  now: Date;
};

export async function createThreadMessage(db: Db, input: NewThreadMessage): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { id } = await trx
      .insertInto('thread_messages')
      .values({
        cluster_id: input.clusterId,
        period_id: input.periodId,
        unit_id: input.unitId,
        side: input.side,
        author_id: input.authorId,
        body: input.body,
        feedback_id: input.feedbackId ?? null,
        reply_to: input.replyTo ?? null,
        created_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditByPerson(trx, input.authorId, {
      clusterId: input.clusterId,
      action: `thread.${input.side}`,
      details: { messageId: id, periodId: input.periodId, unitId: input.unitId },
    });
    return id;
  });
}

export async function findThreadMessage(db: Db, messageId: number): Promise<ThreadMessage | undefined> {
  const row = await db.selectFrom('thread_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  return row && toMessage(row);
}

export type ThreadEntry =
  | { kind: 'message'; at: Date; side: ThreadSide; author: string; body: string }
  | {
      kind: FeedbackKind;
      at: Date;
      side: 'leader';
      author: string;
      body: string;
      fieldKey: string | null;
      fieldValue: AnswerValue | null;
    };

/**
 * The thread in order: messages and the leader's feedback on the unit's report of the period.
 * At the same instant feedback comes first, as a reply to it can only follow it.
 */
export async function listThreadEntries(db: Db, periodId: number, unitId: number): Promise<ThreadEntry[]> {
  const messages = await db
    .selectFrom('thread_messages as t')
    .innerJoin('people as p', 'p.id', 't.author_id')
    .select(['t.id', 't.side', 't.body', 't.created_at', 'p.full_name'])
    .where('t.period_id', '=', periodId)
    .where('t.unit_id', '=', unitId)
    .orderBy('t.id')
    .execute();
  const feedback = await feedbackWithReport(db)
    .innerJoin('people as p', 'p.id', 'f.author_id')
    .select(['f.id', 'f.kind', 'f.body', 'f.at', 'f.field_key', 'f.field_value', 'p.full_name'])
    .where('r.period_id', '=', periodId)
    .where('r.unit_id', '=', unitId)
    .orderBy('f.id')
    .execute();
  const entries: { entry: ThreadEntry; order: number; id: number }[] = [
    ...feedback.map((f) => ({
      order: 0,
      id: f.id,
      entry: {
        kind: f.kind,
        at: f.at,
        side: 'leader' as const,
        author: f.full_name,
        body: f.body,
        fieldKey: f.field_key,
        fieldValue: (f.field_value ?? null) as AnswerValue | null,
      },
    })),
    ...messages.map((m) => ({
      order: 1,
      id: m.id,
      entry: { kind: 'message' as const, at: m.created_at, side: m.side, author: m.full_name, body: m.body },
    })),
  ];
  entries.sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.order - b.order || a.id - b.id);
  return entries.map((e) => e.entry);
}

/** How many entries (messages and feedback) each unit's thread of the period has. */
export async function countThreadEntries(db: Db, periodId: number): Promise<Map<number, number>> {
  const messages = await db
    .selectFrom('thread_messages')
    .select(['unit_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('period_id', '=', periodId)
    .groupBy('unit_id')
    .execute();
  const feedback = await feedbackWithReport(db)
    .select(['r.unit_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('r.period_id', '=', periodId)
    .groupBy('r.unit_id')
    .execute();
  const sizes = new Map<number, number>();
  for (const row of [...messages, ...feedback]) sizes.set(row.unit_id, (sizes.get(row.unit_id) ?? 0) + Number(row.n));
  return sizes;
}

/**
 * Where a new question or proposal belongs: per active schedule, the latest period that has
 * begun (the one containing now, even if the leader closed it early; for a one-off, the last).
 */
export async function listCurrentPeriods(db: Db, clusterId: number, now: Date): Promise<Period[]> {
  const result: Period[] = [];
  for (const schedule of await listActiveSchedules(db, clusterId)) {
    await ensurePeriod(db, schedule, now);
    const latest = await db
      .selectFrom('periods')
      .selectAll()
      .where('schedule_id', '=', schedule.id)
      // A period the leader opened early is current from then on.
      .where((eb) => eb.or([eb('starts_at', '<=', now), eb('opened_at', '<=', now)]))
      .orderBy('starts_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest) result.push(latest);
  }
  return result;
}

/**
 * The periods worth offering when someone opens the threads, newest first: the current ones
 * and those with a conversation (of the given unit, or of any unit for the leader).
 */
export async function listThreadPeriods(
  db: Db,
  clusterId: number,
  now: Date,
  options: { unitId?: number; limit?: number } = {},
): Promise<Period[]> {
  const current = await listCurrentPeriods(db, clusterId, now);
  const { unitId, limit = 6 } = options;
  const withMessages = db
    .selectFrom('thread_messages')
    .select('period_id')
    .where('cluster_id', '=', clusterId)
    .$if(unitId !== undefined, (q) => q.where('unit_id', '=', unitId!));
  const withFeedback = feedbackWithReport(db)
    .select('r.period_id')
    .where('r.cluster_id', '=', clusterId)
    .$if(unitId !== undefined, (q) => q.where('r.unit_id', '=', unitId!));
  const talked = await db
    .selectFrom('periods')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .where((eb) => eb.or([eb('id', 'in', withMessages), eb('id', 'in', withFeedback)]))
    .execute();
  const byId = new Map<number, Period>();
  for (const period of [...current, ...talked]) byId.set(period.id, period);
  return [...byId.values()]
    .sort((a, b) => b.starts_at.getTime() - a.starts_at.getTime() || b.id - a.id)
    .slice(0, limit);
}

function toMessage(row: Selectable<ThreadMessagesTable>): ThreadMessage {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    periodId: row.period_id,
    unitId: row.unit_id,
    side: row.side,
    authorId: row.author_id,
    body: row.body,
    feedbackId: row.feedback_id,
    replyTo: row.reply_to,
    createdAt: row.created_at,
  };
}
