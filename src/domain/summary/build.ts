/**
 * The cluster's summary for one window, computed from the submitted answers (their latest
 * values: a correction or a late report changes it, nothing is copied): per indicator and
 * unit the value in the window, the year to date, the yearly target, % of target, the
 * still-low judgement and the change against the previous window and the same window last
 * year; the cluster's totals; and who reported each period on time, late or not at all.
 * Plain data for the chat message, the files and the charts to render. Pure.
 */
import { buildBoard } from '../board.js';
import type { PeriodWindow, ScheduleDefinition } from '../periods.js';
import { aggregateOf, isNumeric, templateFields, type Aggregate, type TemplateDefinition } from '../template.js';
import { local } from '../time.js';
import {
  aggregateOverTime,
  combineUnits,
  compare,
  median,
  percentOf,
  rankOf,
  tidy,
  type Comparison,
} from './aggregate.js';
import { judge, type TargetStatus } from './rule.js';
import { expectedShare, type SummarySettings } from './settings.js';
import {
  periodsOfWindow,
  periodsYearToDate,
  previousWindow,
  sameWindowLastYear,
  windowEnded,
  type SummaryWindow,
} from './windows.js';

export interface SummaryUnit {
  id: number;
  name: string;
  /** Taken out of the config since: counted only for the reports it filed. */
  removed?: boolean;
}

/** One period's submitted reports (numeric answers only) and the leader's per-unit terms. */
export interface SummaryPeriodData {
  key: string;
  deadlineAt: Date;
  reports: { unitId: number; submittedAt: Date; values: Record<string, number> }[];
  /** Units the leader excused, or whose deadline was extended. */
  terms: { unitId: number; excused: boolean; deadlineAt?: Date }[];
}

export interface SummaryTarget {
  unitId: number;
  year: number;
  indicator: string;
  value: number;
}

export interface SummaryInput {
  schedule: ScheduleDefinition;
  /** The schedule's current template: its number fields are the indicators. */
  template: TemplateDefinition;
  window: SummaryWindow;
  units: SummaryUnit[];
  /** Every period with data from January of the year before the window to its end (others may be absent). */
  periods: SummaryPeriodData[];
  targets: SummaryTarget[];
  settings: SummarySettings;
  now: Date;
}

/** A unit's standing for one period: `pending` before its deadline, `missing` after it without a report. */
export type CellState = 'on_time' | 'late' | 'missing' | 'pending' | 'excused';

export interface CompletenessCounts {
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  excused: number;
}

export interface Completeness {
  periods: {
    key: string;
    deadlineAt: Date;
    cells: { unitId: number; state: CellState; submittedAt?: Date }[];
  }[];
  units: (CompletenessCounts & { unitId: number })[];
  totals: CompletenessCounts;
}

export interface UnitIndicator {
  unitId: number;
  /** The value over the window's periods (by the field's aggregate); absent without any answer. */
  value?: number;
  /** How many of the window's periods have an answer. */
  reportedPeriods: number;
  /** The window's periods past the unit's deadline without a report (keys). */
  missingPeriods: string[];
  excusedPeriods: string[];
  /** January to the window's end. */
  ytd?: number;
  /** The yearly target of the window's year. */
  target?: number;
  /** ytd / target × 100. */
  percentOfTarget?: number;
  /** The amount expected by now under the pace (target × share). */
  expected?: number;
  status: TargetStatus;
  previous?: Comparison;
  lastYear?: Comparison;
}

export interface ClusterIndicator {
  value?: number;
  ytd?: number;
  /** Combined over the units that have a target. */
  target?: number;
  /** The year to date of those same units: what `percentOfTarget` divides. */
  targetedYtd?: number;
  percentOfTarget?: number;
  expected?: number;
  status: TargetStatus;
  unitsWithTarget: number;
  previous?: Comparison;
  lastYear?: Comparison;
}

export interface IndicatorSummary {
  key: string;
  label: string;
  sectionTitle: string;
  type: 'integer' | 'decimal' | 'percent';
  /** The field's unit of measure ("người", "triệu đồng"), if any. */
  unit?: string;
  aggregate: Aggregate;
  /** The target indicator the field counts towards, if any. */
  targetIndicator?: string;
  units: UnitIndicator[];
  cluster: ClusterIndicator;
  /** The units judged "còn thấp", in the units' order. */
  stillLow: number[];
}

export interface ClusterSummary {
  window: SummaryWindow;
  /** The window is over (its last period may still take late reports). */
  ended: boolean;
  previousWindow?: SummaryWindow;
  lastYearWindow?: SummaryWindow;
  templateTitle: string;
  units: SummaryUnit[];
  /** The window's periods begun so far. */
  completeness: Completeness;
  /** Where the pace was read: the month (1–12), the expected share of a yearly target (0–1), the tolerance. */
  pace: { month: number; expectedShare: number; tolerance: number };
  indicators: IndicatorSummary[];
  /**
   * The key indicator's course through the year, period by period, for the leader's trend
   * chart; absent when no indicator has a figure this year or for a one-off window. Cluster
   * figures only: a unit's own view (services/summary.ts unitProgress) leaves it out.
   */
  trend?: ClusterTrend;
  generatedAt: Date;
}

/** One period of the trend: the cluster's figures for the key indicator. */
export interface TrendPoint {
  /** The period's key ("2026-03", "2026-Q1"). */
  key: string;
  /** The period's last month (1–12) in the window's year, Asia/Ho_Chi_Minh. */
  month: number;
  /** The cluster's figure in the period (its units combined); absent without any answer. */
  value?: number;
  /** The cluster's year to date at the period's end, by the field's aggregate. */
  cumulative?: number;
  /**
   * What the pace expects of the cluster's target by the period's end (a flow: target ×
   * share of the month; any other aggregate: the whole target); absent without a target.
   */
  expected?: number;
}

/** The key indicator's figures from January to the window's last period begun. */
export interface ClusterTrend {
  /** The indicator's key: the first with a target in the cluster, else the first with a figure this year. */
  indicator: string;
  points: TrendPoint[];
}

/**
 * The month the pace is read at: the window's last month once the window is over; for a
 * window still running, the last month that has ended (at least the window's first).
 */
export function paceMonth(window: SummaryWindow, now: Date): number {
  if (windowEnded(window, now)) return window.lastMonth;
  const t = local(now);
  const lastEnded = t.year() > window.year ? 12 : t.year() < window.year ? 0 : t.month();
  return Math.min(window.lastMonth, Math.max(window.firstMonth, lastEnded));
}

/** Builds the summary (see the module's comment). */
export function buildSummary(input: SummaryInput): ClusterSummary {
  const { schedule, window, units, settings, now } = input;
  const byKey = new Map(input.periods.map((p) => [p.key, p]));
  const previous = previousWindow(schedule, window);
  const lastYear = sameWindowLastYear(schedule, window);
  const windowPeriods = periodsOfWindow(schedule, window);
  const ytdPeriods = periodsYearToDate(schedule, window);
  const previousPeriods = previous ? periodsOfWindow(schedule, previous) : [];
  const lastYearPeriods = lastYear ? periodsOfWindow(schedule, lastYear) : [];

  const completeness = buildCompleteness(windowPeriods, byKey, units, now);
  const stateOf = new Map(
    completeness.periods.flatMap((p) => p.cells.map((c) => [`${p.key}/${c.unitId}`, c.state] as const)),
  );
  const answers = new Map(
    input.periods.map((p) => [p.key, new Map(p.reports.map((r) => [r.unitId, r.values]))] as const),
  );
  const valueIn = (period: PeriodWindow, unitId: number, field: string): number | undefined =>
    answers.get(period.key)?.get(unitId)?.[field];
  const targetOf = new Map(
    input.targets.filter((t) => t.year === window.year).map((t) => [`${t.unitId}/${t.indicator}`, t.value]),
  );
  const month = paceMonth(window, now);

  const indicators = templateFields(input.template)
    .flatMap(({ field, sectionTitle }) => (isNumeric(field) ? [{ field, sectionTitle }] : []))
    .map(({ field, sectionTitle }): IndicatorSummary => {
      const aggregate = aggregateOf(field);
      const over = (periods: PeriodWindow[], unitId: number) =>
        aggregateOverTime(
          aggregate,
          periods.map((p) => valueIn(p, unitId, field.key)),
        );
      const unitRows = units.map((unit): UnitIndicator => {
        const value = over(windowPeriods, unit.id);
        const ytd = over(ytdPeriods, unit.id);
        const target = field.target === undefined ? undefined : targetOf.get(`${unit.id}/${field.target}`);
        const judged = judge({ aggregate, ytd, target, month1: month, settings });
        const statesHere = windowPeriods.map((p) => ({ key: p.key, state: stateOf.get(`${p.key}/${unit.id}`) }));
        const row: UnitIndicator = {
          unitId: unit.id,
          reportedPeriods: windowPeriods.filter((p) => valueIn(p, unit.id, field.key) !== undefined).length,
          missingPeriods: statesHere.filter((s) => s.state === 'missing').map((s) => s.key),
          excusedPeriods: statesHere.filter((s) => s.state === 'excused').map((s) => s.key),
          status: judged.status,
        };
        assign(row, {
          value,
          ytd,
          target,
          percentOfTarget: percentOf(ytd, target),
          expected: judged.expected,
          previous: previous && compare(value, over(previousPeriods, unit.id)),
          lastYear: lastYear && compare(value, over(lastYearPeriods, unit.id)),
        });
        return row;
      });
      const indicator: IndicatorSummary = {
        key: field.key,
        label: field.label,
        sectionTitle,
        type: field.type,
        aggregate,
        units: unitRows,
        cluster: clusterFigures(aggregate, unitRows, {
          month,
          settings,
          previous: previous && units.map((u) => over(previousPeriods, u.id)),
          lastYear: lastYear && units.map((u) => over(lastYearPeriods, u.id)),
        }),
        stillLow: unitRows.filter((r) => r.status === 'low').map((r) => r.unitId),
      };
      if (field.type !== 'percent' && field.unit !== undefined) indicator.unit = field.unit;
      if (field.type === 'percent') indicator.unit = '%';
      if (field.target !== undefined) indicator.targetIndicator = field.target;
      return indicator;
    });

  const summary: ClusterSummary = {
    window,
    ended: windowEnded(window, now),
    templateTitle: input.template.title,
    units,
    completeness,
    pace: {
      month,
      expectedShare: expectedShare(settings.stillLow.pace, month),
      tolerance: settings.stillLow.tolerance,
    },
    indicators,
    generatedAt: now,
  };
  if (previous) summary.previousWindow = previous;
  if (lastYear) summary.lastYearWindow = lastYear;
  const key = keyIndicator(indicators);
  if (key?.cluster.ytd !== undefined && window.kind !== 'once') {
    const begun = ytdPeriods.filter((p) => p.startsAt.getTime() <= now.getTime());
    summary.trend = {
      indicator: key.key,
      points: begun.map((period, i): TrendPoint => {
        const periodMonth = local(new Date(period.endsAt.getTime() - 1)).month() + 1;
        const target = key.cluster.target;
        const point: TrendPoint = { key: period.key, month: periodMonth };
        assign(point, {
          value: combineUnits(
            key.aggregate,
            units.map((u) => valueIn(period, u.id, key.key)),
          ),
          cumulative: combineUnits(
            key.aggregate,
            units.map((u) =>
              aggregateOverTime(
                key.aggregate,
                begun.slice(0, i + 1).map((p) => valueIn(p, u.id, key.key)),
              ),
            ),
          ),
          expected:
            target === undefined
              ? undefined
              : key.aggregate === 'sum'
                ? tidy(target * expectedShare(settings.stillLow.pace, periodMonth))
                : target,
        });
        return point;
      }),
    };
  }
  return summary;
}

/**
 * The indicator the charts follow: the first (in the form's order) whose units have a
 * target, else the first with a figure this year; undefined when no indicator has any.
 */
export function keyIndicator(indicators: readonly IndicatorSummary[]): IndicatorSummary | undefined {
  return (
    indicators.find((i) => i.cluster.target !== undefined && i.cluster.ytd !== undefined) ??
    indicators.find((i) => i.cluster.target !== undefined) ??
    indicators.find((i) => i.cluster.ytd !== undefined)
  );
}

/** Copies the defined values only (the model never carries `undefined` properties). */
function assign<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values))
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}

function clusterFigures(
  aggregate: Aggregate,
  rows: UnitIndicator[],
  context: {
    month: number;
    settings: SummarySettings;
    previous: (number | undefined)[] | undefined;
    lastYear: (number | undefined)[] | undefined;
  },
): ClusterIndicator {
  const targeted = rows.filter((r) => r.target !== undefined);
  const value = combineUnits(
    aggregate,
    rows.map((r) => r.value),
  );
  const target = combineUnits(
    aggregate,
    targeted.map((r) => r.target),
  );
  const targetedYtd = targeted.some((r) => r.ytd !== undefined)
    ? combineUnits(
        aggregate,
        targeted.map((r) => r.ytd),
      )
    : undefined;
  const judged = judge({ aggregate, ytd: targetedYtd, target, month1: context.month, settings: context.settings });
  const cluster: ClusterIndicator = { status: judged.status, unitsWithTarget: targeted.length };
  assign(cluster, {
    value,
    ytd: combineUnits(
      aggregate,
      rows.map((r) => r.ytd),
    ),
    target,
    targetedYtd,
    percentOfTarget: percentOf(targetedYtd, target),
    expected: judged.expected,
    previous: context.previous && compare(value, combineUnits(aggregate, context.previous)),
    lastYear: context.lastYear && compare(value, combineUnits(aggregate, context.lastYear)),
  });
  return cluster;
}

const ZERO: CompletenessCounts = { onTime: 0, late: 0, missing: 0, pending: 0, excused: 0 };
const COUNTER: Record<CellState, keyof CompletenessCounts> = {
  on_time: 'onTime',
  late: 'late',
  missing: 'missing',
  pending: 'pending',
  excused: 'excused',
};

/**
 * Who reported each period of the window, as the board says (domain/board.ts): on time or
 * late against the unit's own deadline, excused, or not yet (missing once past the deadline,
 * pending before). Only the periods begun by `now`: a year summarised in April lists four
 * months. A removed unit is listed only for the periods it reported.
 */
function buildCompleteness(
  periods: PeriodWindow[],
  byKey: Map<string, SummaryPeriodData>,
  units: SummaryUnit[],
  now: Date,
): Completeness {
  const perUnit = new Map(units.map((u) => [u.id, { ...ZERO }]));
  const totals = { ...ZERO };
  const begun = periods.filter((period) => period.startsAt.getTime() <= now.getTime());
  const result = begun.map((period) => {
    const data = byKey.get(period.key);
    const deadlineAt = data?.deadlineAt ?? period.deadlineAt;
    const terms = new Map((data?.terms ?? []).map((t) => [t.unitId, t]));
    const reports = data?.reports ?? [];
    const filed = new Set(reports.map((r) => r.unitId));
    const listed = units
      .filter((u) => !u.removed || filed.has(u.id))
      .map((u) => {
        const t = terms.get(u.id);
        return {
          id: u.id,
          name: u.name,
          reachable: true,
          ...(t?.excused ? { excused: true } : {}),
          ...(t?.deadlineAt ? { extendedTo: t.deadlineAt } : {}),
        };
      });
    const board = buildBoard(
      listed,
      reports.map((r) => ({ id: 0, unitId: r.unitId, status: 'submitted' as const, submittedAt: r.submittedAt })),
      deadlineAt,
      now,
    );
    const order = new Map(units.map((u, i) => [u.id, i]));
    const cells = board.rows
      .map((row) => {
        const state: CellState =
          row.state === 'drafting' || row.state === 'missing' ? (row.overdue ? 'missing' : 'pending') : row.state;
        perUnit.get(row.unit.id)![COUNTER[state]]++;
        totals[COUNTER[state]]++;
        return { unitId: row.unit.id, state, ...(row.submittedAt ? { submittedAt: row.submittedAt } : {}) };
      })
      .sort((a, b) => order.get(a.unitId)! - order.get(b.unitId)!);
    return { key: period.key, deadlineAt, cells };
  });
  return { periods: result, units: units.map((u) => ({ unitId: u.id, ...perUnit.get(u.id)! })), totals };
}

/** How a unit stands among the units on one indicator: never the other units' own numbers. */
export interface UnitStanding {
  /** 1 = best; by % of target when the unit has one, else by the value in the window. */
  rank?: { position: number; of: number; by: 'percent' | 'value' };
  /**
   * The median % of target of the units that have one; given only when at least 3 do, so
   * that it never reveals another unit's own figure.
   */
  clusterMedianPercent?: number;
}

/** Fewer units than this and the median would reveal another unit's figure. */
const MEDIAN_MIN_UNITS = 3;

/** The unit's rank and the cluster's median on an indicator of the summary. */
export function unitStanding(indicator: IndicatorSummary, unitId: number): UnitStanding {
  const own = indicator.units.find((r) => r.unitId === unitId);
  const percents = indicator.units.flatMap((r) => (r.percentOfTarget === undefined ? [] : [r.percentOfTarget]));
  const standing: UnitStanding = {};
  const medianPercent = percents.length >= MEDIAN_MIN_UNITS ? median(percents) : undefined;
  if (medianPercent !== undefined) standing.clusterMedianPercent = medianPercent;
  if (own?.percentOfTarget !== undefined) {
    standing.rank = { position: rankOf(own.percentOfTarget, percents), of: percents.length, by: 'percent' };
  } else if (own?.value !== undefined) {
    const values = indicator.units.flatMap((r) => (r.value === undefined ? [] : [r.value]));
    standing.rank = { position: rankOf(own.value, values), of: values.length, by: 'value' };
  }
  return standing;
}
