import { reportedDays, type DateWindow } from './dates.js';
import type { AnswerValue } from './form.js';
import type { FieldDefinition } from './template.js';

/**
 * Answers that are possible but unlikely: the form asks "Có phải … không?" and stores the
 * value once the person confirms. Never a refusal: a real value always goes in.
 */
export type AnswerWarning =
  /** One period's number above the whole year's target (e.g. 1.500 new members in a month, target 600). */
  | { code: 'above_year_target'; target: number; year: number }
  /** Many times last period's number (a typo adding zeros, or "1.500" meant as 1,5). */
  | { code: 'jump'; previous: number; factor: number }
  /** A small fraction of last period's number (a decimal comma typed for a thousands dot). */
  | { code: 'drop'; previous: number }
  /** A date after today and after the period being reported. */
  | { code: 'future_date' };

export interface WarningContext {
  today: Date;
  /** The period being reported, and how many months it spans (undefined for a one-off report). */
  period?: DateWindow & { months?: number | undefined };
  /** The same field in the unit's previous report of this schedule. */
  previous?: number | undefined;
  /** The unit's target for the year on this field's indicator. */
  target?: { year: number; value: number } | undefined;
}

/** A jump by this factor is always questioned; by `JUMP_FACTOR` only when it adds at least `JUMP_MIN_STEP`. */
const HUGE_FACTOR = 100;
const JUMP_FACTOR = 10;
const JUMP_MIN_STEP = 100;
/** A year's report may reach this many times the yearly target before it is questioned. */
const YEAR_TARGET_SLACK = 3;

/**
 * The warning for a value about to be stored, or undefined (one, the first that applies):
 * - a number ≥ 100 × last period's, or ≥ 10 × and larger by at least 100;
 * - a positive number ≤ last period's / 100;
 * - a number above the yearly target when the period is shorter than a year (above three
 *   times the target for a yearly report: exceeding a target is normal, tripling it is not);
 * - a date after the reported days (see `reportedDays`).
 * Zero and negative numbers are never questioned.
 */
export function answerWarning(
  field: FieldDefinition,
  value: AnswerValue,
  context: WarningContext,
): AnswerWarning | undefined {
  if (typeof value === 'number') {
    if (value <= 0) return undefined;
    const { target, previous } = context;
    if (previous !== undefined && previous > 0) {
      const factor = value / previous;
      if (factor >= HUGE_FACTOR || (factor >= JUMP_FACTOR && value - previous >= JUMP_MIN_STEP))
        return { code: 'jump', previous, factor: Math.floor(factor) };
      if (previous / value >= HUGE_FACTOR) return { code: 'drop', previous };
    }
    if (target && target.value > 0) {
      const months = context.period?.months;
      const limit = Math.max(target.value, months ? (YEAR_TARGET_SLACK * target.value * months) / 12 : 0);
      if (value > limit) return { code: 'above_year_target', target: target.value, year: target.year };
    }
    return undefined;
  }
  if (field.type === 'date' && typeof value === 'string') {
    return value > reportedDays(context.today, context.period).to ? { code: 'future_date' } : undefined;
  }
  return undefined;
}

/** How many months a period key spans: "2026-11" 1, "2026-Q4" 3, "2026-H1" 6, "2026" 12; a one-off ("once") undefined. */
export function monthsOfPeriodKey(key: string): number | undefined {
  if (/^\d{4}-\d{2}$/.test(key)) return 1;
  if (/^\d{4}-Q[1-4]$/.test(key)) return 3;
  if (/^\d{4}-H[12]$/.test(key)) return 6;
  if (/^\d{4}$/.test(key)) return 12;
  return undefined;
}
