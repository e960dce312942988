import { type Db, inTransaction } from '../db/connect.js';
import type { AnswerValue } from '../domain/form.js';
import { auditByPerson } from './audit.js';

export type FeedbackKind = 'comment' | 'accept' | 'return';

/** The leader's feedback (`f`) joined to the report it is about (`r`): the base of every query that needs both. */
export function feedbackWithReport(db: Db) {
  return db.selectFrom('report_feedback as f').innerJoin('reports as r', 'r.id', 'f.report_id');
}

/** A comment about one answer: the field and the answer as the leader saw it. */
export interface FeedbackField {
  key: string;
  value: AnswerValue;
}

/**
 * Records the leader's feedback; accepting or returning also sets the report's review
 * state, once: undefined when the report was already accepted or already in that state.
 */
export async function createFeedback(
  db: Db,
  input: {
    clusterId: number;
    reportId: number;
    kind: FeedbackKind;
    body: string;
    authorId: number;
    now: Date;
    field?: FeedbackField;
  },
): Promise<number | undefined> {
  return inTransaction(db, async (trx) => {
    if (input.kind !== 'comment') {
      const review = input.kind === 'accept' ? 'accepted' : 'returned';
      const changed = await trx
        .updateTable('reports')
        .set({ review })
        .where('id', '=', input.reportId)
        .where((eb) => eb.or([eb('review', 'is', null), eb('review', '=', 'returned')]))
        .where((eb) => eb.or([eb('review', 'is', null), eb('review', '!=', review)]))
        .returning('id')
        .executeTakeFirst();
      if (!changed) return undefined;
    }
    const { id } = await trx
      .insertInto('report_feedback')
      .values({
        report_id: input.reportId,
        kind: input.kind,
        body: input.body,
        author_id: input.authorId,
        at: input.now,
        field_key: input.field?.key ?? null,
        field_value: input.field ? JSON.stringify(input.field.value) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditByPerson(trx, input.authorId, {
      clusterId: input.clusterId,
      action: `report.${input.kind}`,
      details: { reportId: input.reportId, feedbackId: id, field: input.field?.key },
    });
    return id;
  });
}

/** "Đã nhận" on feedback, by a contact of the report's unit only; false if not theirs or already pressed. */
export async function createFeedbackAck(
  db: Db,
  feedbackId: number,
  personId: number,
  unitId: number,
  now: Date,
): Promise<boolean> {
  const ours = await feedbackWithReport(db)
    .select('f.id')
    .where('f.id', '=', feedbackId)
    .where('r.unit_id', '=', unitId)
    .executeTakeFirst();
  if (!ours) return false;
  const row = await db
    .insertInto('report_feedback_acks')
    .values({ feedback_id: feedbackId, person_id: personId, at: now })
    .onConflict((oc) => oc.columns(['feedback_id', 'person_id']).doNothing())
    .returning('feedback_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The leader's word on a unit's report (report_feedback), with the report it is about. */
export interface Feedback {
  id: number;
  kind: FeedbackKind;
  body: string;
  fieldKey: string | null;
  fieldValue: AnswerValue | null;
  reportId: number;
  templateId: number;
  clusterId: number;
  periodId: number;
  unitId: number;
}

/** One piece of the leader's feedback with the report it is about (whose unit and period name its thread). */
export async function findFeedback(db: Db, feedbackId: number): Promise<Feedback | undefined> {
  const row = await feedbackWithReport(db)
    .select([
      'f.id',
      'f.kind',
      'f.body',
      'f.field_key',
      'f.field_value',
      'r.id as report_id',
      'r.template_id',
      'r.cluster_id',
      'r.period_id',
      'r.unit_id',
    ])
    .where('f.id', '=', feedbackId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    body: row.body,
    fieldKey: row.field_key,
    fieldValue: (row.field_value ?? null) as AnswerValue | null,
    reportId: row.report_id,
    templateId: row.template_id,
    clusterId: row.cluster_id,
    periodId: row.period_id,
    unitId: row.unit_id,
  };
}

/** When this person pressed "Đã nhận" on this feedback; undefined if they have not. */
export async function findFeedbackAck(db: Db, feedbackId: number, personId: number): Promise<{ at: Date } | undefined> {
  return db
    .selectFrom('report_feedback_acks')
    .select('at')
    .where('feedback_id', '=', feedbackId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The leader's feedback on a report, oldest first, each with the names of those who pressed "Đã nhận". */
export async function listFeedbackWithAcks(
  db: Db,
  reportId: number,
): Promise<{ id: number; kind: FeedbackKind; body: string; at: Date; acknowledgedBy: string[] }[]> {
  const items = await db
    .selectFrom('report_feedback')
    .select(['id', 'kind', 'body', 'at'])
    .where('report_id', '=', reportId)
    .orderBy('id')
    .execute();
  if (items.length === 0) return [];
  const acks = await db
    .selectFrom('report_feedback_acks as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.feedback_id', 'p.full_name'])
    .where(
      'a.feedback_id',
      'in',
      items.map((i) => i.id),
    )
    .orderBy('a.at')
    .execute();
  return items.map((i) => ({
    ...i,
    acknowledgedBy: acks.filter((a) => a.feedback_id === i.id).map((a) => a.full_name),
  }));
}
