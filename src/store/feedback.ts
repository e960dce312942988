import { type Db, inTransaction } from '../db/connect.js';
import { audit } from './audit.js';

export type FeedbackKind = 'comment' | 'accept' | 'return';

/**
 * Records the leader's feedback; accepting or returning also sets the report's review
 * state, once: undefined when the report was already accepted or already in that state.
 */
export async function addFeedback(db: Db, input: { clusterId: number; reportId: number; kind: FeedbackKind; body: string; authorId: number; now: Date }): Promise<number | undefined> {
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
      .values({ report_id: input.reportId, kind: input.kind, body: input.body, author_id: input.authorId, at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { clusterId: input.clusterId, actorPersonId: input.authorId, actor: `person:${input.authorId}`, action: `report.${input.kind}`, details: { reportId: input.reportId, feedbackId: id } });
    return id;
  });
}

/** "Đã nhận" on feedback, by a contact of the report's unit only; false if not theirs or already pressed. */
export async function acknowledgeFeedback(db: Db, feedbackId: number, personId: number, unitId: number, now: Date): Promise<boolean> {
  const ours = await db
    .selectFrom('report_feedback as f')
    .innerJoin('reports as r', 'r.id', 'f.report_id')
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
