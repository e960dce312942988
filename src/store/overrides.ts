import { type Db, inTransaction } from '../db/connect.js';
import type { Period } from '../db/schema.js';
import { audit } from './audit.js';

/** A unit's own terms for a period: its deadline (extended or not) and whether it is excused. */
export interface UnitTerms {
  deadlineAt: Date;
  excused: boolean;
  extended: boolean;
  reason?: string;
}

export async function unitTermsFor(db: Db, period: Pick<Period, 'id' | 'deadline_at'>): Promise<(unitId: number) => UnitTerms> {
  const rows = await db.selectFrom('period_unit_overrides').selectAll().where('period_id', '=', period.id).execute();
  const byUnit = new Map(rows.map((r) => [r.unit_id, r]));
  return (unitId) => {
    const row = byUnit.get(unitId);
    if (!row) return { deadlineAt: period.deadline_at, excused: false, extended: false };
    return { deadlineAt: row.deadline_at ?? period.deadline_at, excused: row.excused, extended: row.deadline_at !== null, reason: row.reason };
  };
}

export async function unitTerms(db: Db, period: Pick<Period, 'id' | 'deadline_at'>, unitId: number): Promise<UnitTerms> {
  return (await unitTermsFor(db, period))(unitId);
}

/** The leader's decision for some units of a period, recorded and audited. */
export async function setUnitTerms(
  db: Db,
  input: { clusterId: number; periodId: number; unitIds: number[]; change: { deadlineAt: Date } | { excused: true }; reason: string; by: number; now: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    for (const unitId of input.unitIds) {
      const values = 'excused' in input.change ? { excused: true } : { deadline_at: input.change.deadlineAt, excused: false };
      await trx
        .insertInto('period_unit_overrides')
        .values({ period_id: input.periodId, unit_id: unitId, reason: input.reason, updated_by: input.by, updated_at: input.now, ...values })
        .onConflict((oc) => oc.columns(['period_id', 'unit_id']).doUpdateSet({ reason: input.reason, updated_by: input.by, updated_at: input.now, ...values }))
        .execute();
    }
    await audit(trx, {
      clusterId: input.clusterId,
      actorPersonId: input.by,
      actor: `person:${input.by}`,
      action: 'excused' in input.change ? 'period.excuse' : 'period.extend',
      details: { periodId: input.periodId, unitIds: input.unitIds, reason: input.reason, ...input.change },
    });
  });
}

export async function createExtensionRequest(db: Db, input: { periodId: number; unitId: number; personId: number; reason: string; now: Date }): Promise<number> {
  const row = await db
    .insertInto('extension_requests')
    .values({ period_id: input.periodId, unit_id: input.unitId, person_id: input.personId, reason: input.reason, requested_at: input.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records the leader's decision once; a second tap (or a second leader) gets undefined. */
export async function decideExtensionRequest(db: Db, requestId: number, decision: 'e3' | 'e7' | 'no', by: number, now: Date) {
  return db
    .updateTable('extension_requests')
    .set({ decision, decided_by: by, decided_at: now })
    .where('id', '=', requestId)
    .where('decision', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Requests for more time not answered yet, in the given periods (oldest first). */
export async function undecidedExtensionRequests(db: Db, periodIds: number[]) {
  if (periodIds.length === 0) return [];
  return db
    .selectFrom('extension_requests as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.period_id as periodId', 'r.unit_id as unitId', 'r.requested_at as requestedAt', 'r.reason', 'u.name as unitName', 'p.full_name as personName'])
    .where('r.period_id', 'in', periodIds)
    .where('r.decision', 'is', null)
    .orderBy('r.id')
    .execute();
}
