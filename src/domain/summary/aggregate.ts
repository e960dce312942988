/**
 * How one indicator's numbers add up: over the periods of a window for one unit (by the
 * field's `aggregate`), and over the units for the cluster. Values are in the field's own
 * unit (people, VND million, %…). Pure.
 */
import type { Aggregate } from '../template.js';

/** Rounds away floating-point dust (0.1 + 0.2) while keeping every figure a person could type. */
export function tidy(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * One unit's value over a window's periods, given in period order (`undefined`: no submitted
 * answer for that period: missing, excused, not yet due, or the field left blank):
 * - `sum`: the total of the answers given (a flow; a missing month adds nothing);
 * - `last`: the latest answer given (a stock; a missing last month falls back to the one before);
 * - `max`: the largest answer; `avg`: the mean of the answers given (missing months not counted as 0).
 * Undefined when no period has an answer.
 */
export function aggregateOverTime(aggregate: Aggregate, values: readonly (number | undefined)[]): number | undefined {
  const given = values.filter((v): v is number => v !== undefined);
  if (given.length === 0) return undefined;
  return aggregate === 'last' ? given[given.length - 1]! : reduce(aggregate, given);
}

function reduce(aggregate: 'sum' | 'max' | 'avg', given: number[]): number {
  const total = () => given.reduce((a, b) => a + b, 0);
  if (aggregate === 'sum') return tidy(total());
  if (aggregate === 'max') return Math.max(...given);
  return tidy(total() / given.length);
}

/**
 * The cluster's figure from its units' figures (values or targets alike): the sum for `sum`
 * and `last` (the cluster's flow, or its stock at the end), the highest unit's for `max`, the
 * plain mean of the units for `avg` (each unit counts once: rates are not weighted by size).
 * Units without a figure are left out; undefined when none has one.
 */
export function combineUnits(aggregate: Aggregate, values: readonly (number | undefined)[]): number | undefined {
  const given = values.filter((v): v is number => v !== undefined);
  if (given.length === 0) return undefined;
  return reduce(aggregate === 'last' ? 'sum' : aggregate, given);
}

/** A figure against an earlier one: the earlier value, the difference and the change in % (none from 0). */
export interface Comparison {
  value: number;
  change?: number;
  /** (now − then) / then × 100; absent when `then` is 0 or there is nothing to compare now. */
  changePercent?: number;
}

/** The comparison of `now` with `then`; undefined when there was nothing then. */
export function compare(now: number | undefined, then: number | undefined): Comparison | undefined {
  if (then === undefined) return undefined;
  if (now === undefined) return { value: then };
  const comparison: Comparison = { value: then, change: tidy(now - then) };
  if (then !== 0) comparison.changePercent = tidy(((now - then) / Math.abs(then)) * 100);
  return comparison;
}

/** `value` as a percentage of `target` (undefined without a positive target or without a value). */
export function percentOf(value: number | undefined, target: number | undefined): number | undefined {
  if (value === undefined || target === undefined || target <= 0) return undefined;
  return tidy((value / target) * 100);
}

/** The median of some numbers (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : tidy((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** 1-based competition rank of `value` among `values`, highest first (ties share a rank: 1, 2, 2, 4). */
export function rankOf(value: number, values: readonly number[]): number {
  return values.filter((v) => v > value).length + 1;
}
