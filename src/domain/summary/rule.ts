/**
 * The "still low" rule (chỉ tiêu còn thấp) and "đạt" / "vượt": a unit's year-to-date figure
 * against its yearly target and the pace expected for the time of year. The pace and the
 * tolerance come from the config's `summary.stillLow` (defaults: linear pace, 10 %); the
 * rule is the one stated in the README's configuration section. Pure.
 */
import type { Aggregate } from '../template.js';
import { tidy } from './aggregate.js';
import { expectedShare, type SummarySettings } from './settings.js';

/**
 * - `exceeded` (vượt): above the yearly target;
 * - `reached` (đạt): exactly the target;
 * - `on_pace` (đúng tiến độ): below the target but not behind the pace;
 * - `low` (còn thấp): below expected × (1 − tolerance);
 * - `no_target`: no target for the unit and year; `no_data`: a target but no answer yet this year.
 */
export type TargetStatus = 'exceeded' | 'reached' | 'on_pace' | 'low' | 'no_target' | 'no_data';

export interface Judgement {
  status: TargetStatus;
  /** The amount expected by the end of the month judged (target × pace share); absent without a target. */
  expected?: number;
}

/**
 * Judges a year-to-date figure at the end of month `month1` (1–12, the window's last month).
 * A flow (`sum`) is expected to grow with the pace: by the end of month m, share(m) of the
 * target (linear: m/12). Any other aggregate (a stock, a maximum, an average) is a level the
 * unit should hold all year, so the whole target is expected at any time.
 */
export function judge(input: {
  aggregate: Aggregate;
  ytd: number | undefined;
  target: number | undefined;
  month1: number;
  settings: SummarySettings;
}): Judgement {
  const { aggregate, ytd, target, month1, settings } = input;
  if (target === undefined) return { status: 'no_target' };
  const share = aggregate === 'sum' ? expectedShare(settings.stillLow.pace, month1) : 1;
  const expected = tidy(target * share);
  if (ytd === undefined) return { status: 'no_data', expected };
  if (ytd > target) return { status: 'exceeded', expected };
  if (ytd === target) return { status: 'reached', expected };
  const status = ytd < expected * (1 - settings.stillLow.tolerance) ? 'low' : 'on_pace';
  return { status, expected };
}
