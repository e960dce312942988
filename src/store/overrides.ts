import { type Db, inTransaction } from '../db/connect.js';
import type { Selectable } from 'kysely';
import type { ExtensionRequestsTable, Period } from '../db/schema.js';
import { auditByPerson } from './audit.js';

/** A unit's own terms for a period: its deadline (extended or not) and whether it is excused. */
export interface UnitTerms {
  deadlineAt: Date;
  excused: boolean;
  extended: boolean;
  reason?: string;
}

/**
 * Every unit's terms for the period, read in one query: returns a lookup by unit id (a unit
 * the leader never touched gets the period's own deadline, not excused).
 */
export async function listUnitTerms(
  db: Db,
  period: Pick<Period, 'id' | 'deadline_at'>,
): Promise<(unitId: number) => UnitTerms> {
  const rows = await db.selectFrom('period_unit_overrides').selectAll().where('period_id', '=', period.id).execute();
  const byUnit = new Map(rows.map((r) => [r.unit_id, r]));
  return (unitId) => {
    const row = byUnit.get(unitId);
    if (!row) return { deadlineAt: period.deadline_at, excused: false, extended: false };
    return {
      deadlineAt: row.deadline_at ?? period.deadline_at,
      excused: row.excused,
      extended: row.deadline_at !== null,
      reason: row.reason,
    };
  };
}

/** One unit's terms for the period. */
export async function findUnitTerms(
  db: Db,
  period: Pick<Period, 'id' | 'deadline_at'>,
  unitId: number,
): Promise<UnitTerms> {
  return (await listUnitTerms(db, period))(unitId);
}

/** @deprecated TRANSITION: the old names, still read by the report feature until it moves. */
export const unitTermsFor = listUnitTerms;
/** @deprecated TRANSITION: see unitTermsFor. */
export const unitTerms = findUnitTerms;

/** The leader's decision for some units of a period, recorded and audited. */
export async function updateUnitTerms(
  db: Db,
  input: {
    clusterId: number;
    periodId: number;
    unitIds: number[];
    change: { deadlineAt: Date } | { excused: true };
    reason: string;
    by: number;
    now: Date;
  },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    for (const unitId of input.unitIds) {
      const values =
        'excused' in input.change ? { excused: true } : { deadline_at: input.change.deadlineAt, excused: false };
      await trx
        .insertInto('period_unit_overrides')
        .values({
          period_id: input.periodId,
          unit_id: unitId,
          reason: input.reason,
          updated_by: input.by,
          updated_at: input.now,
          ...values,
        })
        .onConflict((oc) =>
          oc
            .columns(['period_id', 'unit_id'])
            .doUpdateSet({ reason: input.reason, updated_by: input.by, updated_at: input.now, ...values }),
        )
        .execute();
    }
    await auditByPerson(trx, input.by, {
      clusterId: input.clusterId,
      action: 'excused' in input.change ? 'period.excuse' : 'period.extend',
      details: { periodId: input.periodId, unitIds: input.unitIds, reason: input.reason, ...input.change },
    });
  });
}

/** A unit's request for more time on a period, and the leader's decision once made. */
export interface ExtensionRequest {
  id: number;
  periodId: number;
  unitId: number;
  personId: number;
  reason: string;
  requestedAt: Date;
  decision: ExtensionDecision | null;
  decidedBy: number | null;
  decidedAt: Date | null;
}

/** e3 / e7: three or seven more days; no: declined. */
export type ExtensionDecision = 'e3' | 'e7' | 'no';

function toExtensionRequest(row: Selectable<ExtensionRequestsTable>): ExtensionRequest {
  return {
    id: row.id,
    periodId: row.period_id,
    unitId: row.unit_id,
    personId: row.person_id,
    reason: row.reason,
    requestedAt: row.requested_at,
    decision: row.decision as ExtensionDecision | null,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  };
}

/** Records a unit's request for more time; returns its id. */
export async function createExtensionRequest(
  db: Db,
  input: { periodId: number; unitId: number; personId: number; reason: string; now: Date },
): Promise<number> {
  const row = await db
    .insertInto('extension_requests')
    .values({
      period_id: input.periodId,
      unit_id: input.unitId,
      person_id: input.personId,
      reason: input.reason,
      requested_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findExtensionRequest(db: Db, requestId: number): Promise<ExtensionRequest | undefined> {
  const row = await db.selectFrom('extension_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  return row && toExtensionRequest(row);
}

/** Records the leader's decision once; a second tap (or a second leader) gets undefined. */
export async function updateExtensionDecision(
  db: Db,
  requestId: number,
  decision: ExtensionDecision,
  by: number,
  now: Date,
): Promise<ExtensionRequest | undefined> {
  const row = await db
    .updateTable('extension_requests')
    .set({ decision, decided_by: by, decided_at: now })
    .where('id', '=', requestId)
    .where('decision', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toExtensionRequest(row);
}

/** A request not answered yet, with the names the leader reads. */
export interface UndecidedExtensionRequest {
  id: number;
  periodId: number;
  unitId: number;
  requestedAt: Date;
  reason: string;
  unitName: string;
  personName: string;
}

/** Requests for more time not answered yet, in the given periods (oldest first). */
export async function listUndecidedExtensionRequests(
  db: Db,
  periodIds: number[],
): Promise<UndecidedExtensionRequest[]> {
  if (periodIds.length === 0) return [];
  return db
    .selectFrom('extension_requests as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'r.id',
      'r.period_id as periodId',
      'r.unit_id as unitId',
      'r.requested_at as requestedAt',
      'r.reason',
      'u.name as unitName',
      'p.full_name as personName',
    ])
    .where('r.period_id', 'in', periodIds)
    .where('r.decision', 'is', null)
    .orderBy('r.id')
    .execute();
}
