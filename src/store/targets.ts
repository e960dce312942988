/**
 * Yearly targets (unit_targets): read for a cluster's units and a year, and written by an
 * import (source 'import', which config sync leaves alone: store/clusters.ts syncTargets).
 * The only place with the targets' SQL besides config sync and the summary's reads.
 */
import type { Db } from '../db/connect.js';
import type { TargetSource } from '../db/schema.js';

/** One stored target: a unit's value for an indicator in a year, where it came from and when it last changed. */
export interface StoredTarget {
  unitId: number;
  indicator: string;
  value: number;
  source: TargetSource;
  updatedAt: Date;
}

/** The targets of `unitIds` for `year`. */
export async function listTargets(db: Db, input: { unitIds: number[]; year: number }): Promise<StoredTarget[]> {
  if (input.unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('unit_targets')
    .select(['unit_id', 'indicator', 'value', 'source', 'updated_at'])
    .where('unit_id', 'in', input.unitIds)
    .where('year', '=', input.year)
    .orderBy('unit_id')
    .orderBy('indicator')
    .execute();
  return rows.map((r) => ({
    unitId: r.unit_id,
    indicator: r.indicator,
    value: Number(r.value),
    source: r.source,
    updatedAt: new Date(r.updated_at),
  }));
}

/** Writes one imported target (inserted, or its value replaced), marked source 'import'. */
export async function saveImportedTarget(
  db: Db,
  input: { unitId: number; year: number; indicator: string; value: number; now: Date },
): Promise<void> {
  await db
    .insertInto('unit_targets')
    .values({
      unit_id: input.unitId,
      year: input.year,
      indicator: input.indicator,
      value: input.value,
      source: 'import',
      updated_at: input.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['unit_id', 'year', 'indicator'])
        .doUpdateSet({ value: input.value, source: 'import', updated_at: input.now }),
    )
    .execute();
}
