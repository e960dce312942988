/**
 * Yearly targets (chỉ tiêu năm) per unit and indicator, set from the leader's sheet: where
 * the year stands (🎯 in chat, the template sheet), the changes a sheet would make (preview,
 * nothing written) and the import itself (one transaction: only changed values written, each
 * change audited with its old and new value and who). For the cluster leader, and for the
 * admin CLI acting as the system. The sheet is read by domain/targets-sheet.ts; the words are
 * the bot's. Values are in each indicator's own unit (people, million VND, %).
 *
 * Rule with the config file (README, "Yearly targets"): an imported target is marked
 * source 'import' and config sync never overwrites it; the config's targets apply where
 * nothing was imported.
 */
import { z } from 'zod';
import { inTransaction } from '../db/connect.js';
import type { TargetSource } from '../db/schema.js';
import type { SheetIndicator } from '../domain/targets-sheet.js';
import { isNumeric, templateFields } from '../domain/template.js';
import { local } from '../domain/time.js';
import { audit, auditByPerson } from '../store/audit.js';
import { findUnitById, listActiveSchedules, listReportingUnits } from '../store/clusters.js';
import { listTargets, saveImportedTarget, type StoredTarget } from '../store/targets.js';
import type { Actor } from './actor.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInput } from './errors.js';
import { ledCluster } from './people.js';

/** A reporting unit, as the sheet and the messages name it. */
export interface TargetUnit {
  id: number;
  code: string;
  name: string;
}

/** Where a year's targets stand: the cluster's active units and indicators, and the targets set. */
export interface TargetsState {
  clusterId: number;
  clusterName: string;
  year: number;
  units: TargetUnit[];
  /** The `target` keys of the active templates' number fields, with the first such field's label and kind. */
  indicators: SheetIndicator[];
  targets: StoredTarget[];
}

/** One target the import changes: the unit, the indicator, the value before (null: none yet) and after. */
export interface TargetChange {
  unitId: number;
  unitCode: string;
  unitName: string;
  indicator: string;
  label: string;
  kind: SheetIndicator['kind'];
  unit?: string;
  oldValue: number | null;
  oldSource: TargetSource | null;
  newValue: number;
}

/** What an import changes (or changed): every change in the units' and indicators' order, and the counts. */
export interface TargetChanges {
  year: number;
  changes: TargetChange[];
  /** Targets the sheet gives with the value they already have. */
  unchanged: number;
  /** Units with at least one change. */
  units: number;
  /** How many targets change per unit, for the units with a change, in the units' order. */
  byUnit: { unitId: number; unitCode: string; unitName: string; changed: number }[];
}

/** The targets an import sets, checked at the boundary (the sheet's reader made them). */
export const importInputSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  targets: z
    .array(
      z.object({
        unitCode: z.string().min(1).max(32),
        indicator: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
        value: z.number().finite().min(0),
      }),
    )
    .max(100_000),
});
export type ImportInput = z.infer<typeof importInputSchema>;

/** The leader may see and set the targets of last year, this year and next year (Vietnam time). */
function checkLeaderYear(deps: ServiceDeps, year: number): void {
  const now = local(deps.clock.now()).year();
  if (!Number.isInteger(year) || year < now - 1 || year > now + 1) throw new InvalidInput('year', 'year');
}

/** The cluster's targets for `year`. The cluster leader only: throws NotEntitled; InvalidInput('year') outside last year…next year. */
export async function targetsOverview(deps: ServiceDeps, actor: Actor, input: { year: number }): Promise<TargetsState> {
  const { clusterId } = ledCluster(actor);
  checkLeaderYear(deps, input.year);
  return loadState(deps, clusterId, input.year);
}

/** targetsOverview for the admin CLI, with no one's rights to check (the way rotation acts). */
export async function clusterTargets(
  deps: ServiceDeps,
  input: { clusterId: number; year: number },
): Promise<TargetsState> {
  return loadState(deps, input.clusterId, input.year);
}

/**
 * What importing `targets` for `year` would change, writing nothing. The cluster leader only:
 * throws NotEntitled, InvalidInput('year'), or InvalidInput('unknown_unit' | 'unknown_indicator'
 * | 'value') for targets the cluster cannot take (the sheet's reader refuses them first).
 */
export async function previewTargets(deps: ServiceDeps, actor: Actor, input: ImportInput): Promise<TargetChanges> {
  const { clusterId } = ledCluster(actor);
  checkLeaderYear(deps, input.year);
  return diff(await loadState(deps, clusterId, input.year), parseInput(input));
}

/**
 * Imports the targets for the leader, in one transaction: writes only the values that
 * change (source 'import', which config sync keeps), audits each (`target.import`: unit,
 * year, indicator, old and new value, the person), and returns what changed. Throws as
 * previewTargets.
 */
export async function importTargets(deps: ServiceDeps, actor: Actor, input: ImportInput): Promise<TargetChanges> {
  const { clusterId } = ledCluster(actor);
  checkLeaderYear(deps, input.year);
  return apply(deps, clusterId, parseInput(input), { personId: actor.person.id });
}

/** importTargets as the system, for the admin CLI (`npm run admin -- targets import`): audited as "cli". Throws InvalidInput. */
export async function importTargetsAsSystem(
  deps: ServiceDeps,
  input: ImportInput & { clusterId: number },
): Promise<TargetChanges> {
  return apply(deps, input.clusterId, parseInput(input), { system: 'cli' });
}

/** The same diff without writing, for the CLI's `--dry-run`. */
export async function previewTargetsAsSystem(
  deps: ServiceDeps,
  input: ImportInput & { clusterId: number },
): Promise<TargetChanges> {
  return diff(await loadState(deps, input.clusterId, input.year), parseInput(input));
}

function parseInput(input: ImportInput): ImportInput {
  const parsed = importInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInput('value', 'targets');
  return parsed.data;
}

async function apply(
  deps: ServiceDeps,
  clusterId: number,
  input: ImportInput,
  by: { personId: number } | { system: string },
): Promise<TargetChanges> {
  return inTransaction(deps.db, async (trx) => {
    const txDeps = { ...deps, db: trx };
    const result = diff(await loadState(txDeps, clusterId, input.year), input);
    const now = deps.clock.now();
    for (const change of result.changes) {
      await saveImportedTarget(trx, {
        unitId: change.unitId,
        year: input.year,
        indicator: change.indicator,
        value: change.newValue,
        now,
      });
      const entry = {
        clusterId,
        action: 'target.import',
        details: {
          unitId: change.unitId,
          unitCode: change.unitCode,
          year: input.year,
          indicator: change.indicator,
          old: change.oldValue,
          oldSource: change.oldSource,
          new: change.newValue,
        },
      };
      if ('personId' in by) await auditByPerson(trx, by.personId, entry);
      else await audit(trx, { ...entry, actor: by.system });
    }
    deps.log.info('targets imported', {
      clusterId,
      year: input.year,
      changed: result.changes.length,
      by: 'personId' in by ? `person:${by.personId}` : by.system,
    });
    return result;
  });
}

/** The changes `input` makes to `state`, in the units' and indicators' order. Throws InvalidInput for what the cluster cannot take. */
function diff(state: TargetsState, input: ImportInput): TargetChanges {
  const units = new Map(state.units.map((u) => [u.code.toLowerCase(), u]));
  const indicators = new Map(state.indicators.map((i) => [i.key, i]));
  const current = new Map(state.targets.map((t) => [`${t.unitId}/${t.indicator}`, t]));
  const wanted = new Map<string, TargetChange>();
  let unchanged = 0;
  for (const t of input.targets) {
    const unit = units.get(t.unitCode.toLowerCase());
    if (!unit) throw new InvalidInput('unknown_unit', 'targets');
    const indicator = indicators.get(t.indicator);
    if (!indicator) throw new InvalidInput('unknown_indicator', 'targets');
    if ((indicator.kind === 'integer' && !Number.isInteger(t.value)) || (indicator.kind === 'percent' && t.value > 100))
      throw new InvalidInput('value', 'targets');
    const key = `${unit.id}/${indicator.key}`;
    const old = current.get(key);
    if (old && old.value === t.value) {
      unchanged++;
      continue;
    }
    wanted.set(key, {
      unitId: unit.id,
      unitCode: unit.code,
      unitName: unit.name,
      indicator: indicator.key,
      label: indicator.label,
      kind: indicator.kind,
      ...(indicator.unit === undefined ? {} : { unit: indicator.unit }),
      oldValue: old?.value ?? null,
      oldSource: old?.source ?? null,
      newValue: t.value,
    });
  }
  const changes = state.units.flatMap((u) =>
    state.indicators.flatMap((i) => {
      const change = wanted.get(`${u.id}/${i.key}`);
      return change ? [change] : [];
    }),
  );
  const byUnit = state.units
    .map((u) => ({
      unitId: u.id,
      unitCode: u.code,
      unitName: u.name,
      changed: changes.filter((c) => c.unitId === u.id).length,
    }))
    .filter((u) => u.changed > 0);
  return { year: input.year, changes, unchanged, units: byUnit.length, byUnit };
}

/** The cluster's active units, the indicators of its active templates, and the year's targets of those units. */
async function loadState(deps: Pick<ServiceDeps, 'db'>, clusterId: number, year: number): Promise<TargetsState> {
  // One after the other: this also runs inside the import's transaction (one connection).
  const cluster = await findUnitById(deps.db, clusterId);
  const units = await listReportingUnits(deps.db, clusterId);
  const schedules = await listActiveSchedules(deps.db, clusterId);
  const indicators = new Map<string, SheetIndicator>();
  for (const schedule of schedules)
    for (const { field } of templateFields(schedule.template.definition)) {
      if (!isNumeric(field) || field.target === undefined || indicators.has(field.target)) continue;
      const unit = field.type === 'percent' ? undefined : field.unit;
      indicators.set(field.target, {
        key: field.target,
        label: field.label,
        kind: field.type,
        ...(unit === undefined ? {} : { unit }),
      });
    }
  const targets = await listTargets(deps.db, { unitIds: units.map((u) => u.id), year });
  return {
    clusterId,
    clusterName: cluster?.name ?? '',
    year,
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
    indicators: [...indicators.values()],
    targets: targets.filter((t) => indicators.has(t.indicator)),
  };
}
