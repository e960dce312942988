import { z } from 'zod';
import { fitsCallbackData } from '../domain/telegram-limits.js';

/**
 * Button payloads: "prefix:arg:arg", at most 64 bytes. They say what was tapped, never
 * who may do it: every handler re-checks the person's role and unit on the server.
 */
/**
 * Database ids are Postgres `integer` (int4): a button id outside 1..2^31-1 names no row
 * (an old or forged button) and must not reach a query, where it would overflow.
 */
const INT4_MAX = 2_147_483_647;
const id = z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().int().min(1).max(INT4_MAX));
const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);

/** Like `id`, but 0 is allowed (meaning "all units"). */
const idOrAll = z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().int().min(0).max(INT4_MAX));
export const ADJUST_ACTIONS = ['e3', 'e7', 'ex'] as const;
export type AdjustAction = (typeof ADJUST_ACTIONS)[number];

const index = z.string().regex(/^\d{1,2}$/).transform(Number);
const page = z.string().regex(/^\d{1,4}$/).transform(Number);
/** A browse list button with this marker updates the list it sits in, instead of posting a new one. */
const inPlace = z.literal('e');


/** Report buttons that act on the whole report. */
export const REPORT_ACTIONS = ['keep', 'submit', 'edit', 'view', 'back', 'pause', 'amend', 'finish'] as const;
/** Report buttons about one question; ok / re: confirm or retype an answer asked about (`pending`). */
export const FIELD_ACTIONS = ['field', 'skip', 'done', 'prev', 'ok', 're'] as const;
/** Report buttons that pick one of several values for a question. */
export const PICKS = ['opt', 'yn', 'tg', 'num'] as const;
/** What a typed-text prompt still routed here is for: a(djustment), e(xtension). */
export const PROMPTS = ['a', 'e'] as const;
export type PromptCode = (typeof PROMPTS)[number];
export const MENU_ITEMS = ['report', 'history', 'board', 'browse', 'guidance', 'invite', 'rotate', 'primary', 'help', 'propose', 'threads', 'extension', 'people'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];


const schemas = [
  z.tuple([z.literal('m'), z.enum(MENU_ITEMS)]).transform(([, item]) => ({ kind: 'menu' as const, item })),
  // "✖️ Hủy" under a list that leaves nothing pending (a choice not made yet): the list goes.
  z.tuple([z.literal('x')]).transform(() => ({ kind: 'dismiss' as const })),
  z.tuple([z.literal('rp'), z.literal('start'), id]).transform(([, , periodId]) => ({ kind: 'report_start' as const, periodId })),
  z.tuple([z.literal('rp'), z.enum(REPORT_ACTIONS), id]).transform(([, action, reportId]) => ({ kind: 'report_action' as const, action, reportId })),
  z.tuple([z.literal('rp'), z.enum(FIELD_ACTIONS), id, fieldKey]).transform(([, action, reportId, key]) => ({ kind: 'report_field' as const, action, reportId, key })),
  z.tuple([z.literal('rp'), z.enum(PICKS), id, fieldKey, index]).transform(([, pick, reportId, key, i]) => ({ kind: 'report_pick' as const, pick, reportId, key, index: i })),
  // A colleague changed the answer meanwhile: keep t(heirs) or write m(ine).
  z.tuple([z.literal('rc'), z.enum(['t', 'm']), id, fieldKey]).transform(([, choice, reportId, key]) => ({ kind: 'report_conflict' as const, choice: choice === 't' ? ('theirs' as const) : ('mine' as const), reportId, key })),
  // TRANSITION: "l(ist) a report's files" is built by the form; the report feature reads it (features/report-files.ts).
  z.tuple([z.literal('rf'), z.literal('l'), id]).transform(([, , reportId]) => ({ kind: 'report_files' as const, reportId })),
  z.tuple([z.literal('bd'), z.literal('refresh')]).transform(() => ({ kind: 'board_refresh' as const })),
  z.tuple([z.literal('bd'), z.literal('nudge'), id]).transform(([, , periodId]) => ({ kind: 'board_nudge' as const, periodId })),
  z.tuple([z.literal('xr'), id]).transform(([, periodId]) => ({ kind: 'extension_ask' as const, periodId })),
  z.tuple([z.literal('xa'), id, z.enum(['e3', 'e7', 'no'])]).transform(([, requestId, decision]) => ({ kind: 'extension_decide' as const, requestId, decision })),
  z.tuple([z.literal('bd'), z.enum(['close', 'close-ok', 'open-next', 'open-next-ok']), id]).transform(([, action, periodId]) => ({ kind: 'period_control' as const, action, periodId })),
  z.tuple([z.literal('bd'), z.literal('adjust'), id]).transform(([, , periodId]) => ({ kind: 'adjust_start' as const, periodId })),
  z.tuple([z.literal('ad'), id, idOrAll]).transform(([, periodId, unitId]) => ({ kind: 'adjust_unit' as const, periodId, unitId })),
  z.tuple([z.literal('ad'), id, idOrAll, z.enum(ADJUST_ACTIONS)]).transform(([, periodId, unitId, action]) => ({ kind: 'adjust_action' as const, periodId, unitId, action })),
  // Leader rotation carries the term the leader saw, so a confirmation after a handover is stale.
  z.tuple([z.literal('lr'), id, id]).transform(([, termId, unitId]) => ({ kind: 'rotation_pick' as const, termId, unitId })),
  z.tuple([z.literal('lr'), id, id, z.enum(['ok', 'no'])]).transform(([, termId, unitId, answer]) => ({ kind: 'rotation_confirm' as const, termId, unitId, answer })),
  z.tuple([z.literal('br'), z.literal('p'), page]).transform(([, , p]) => ({ kind: 'browse_periods' as const, page: p, edit: false })),
  z.tuple([z.literal('br'), z.literal('p'), page, inPlace]).transform(([, , p]) => ({ kind: 'browse_periods' as const, page: p, edit: true })),
  z.tuple([z.literal('br'), z.literal('u'), id]).transform(([, , periodId]) => ({ kind: 'browse_units' as const, periodId, edit: false })),
  z.tuple([z.literal('br'), z.literal('u'), id, inPlace]).transform(([, , periodId]) => ({ kind: 'browse_units' as const, periodId, edit: true })),
  z.tuple([z.literal('br'), z.literal('r'), id, id]).transform(([, , periodId, unitId]) => ({ kind: 'browse_report' as const, periodId, unitId })),
  // "👥 Cán bộ các đơn vị": a unit's people (u), one chosen to remove (r), the removal confirmed (ok).
] as const;

export const callbackDataSchema = z
  .string()
  .max(64)
  .transform((data) => data.split(':'))
  .pipe(z.union(schemas));

export type CallbackAction = z.infer<typeof callbackDataSchema>;

export function parseCallbackData(data: string): CallbackAction | undefined {
  const result = callbackDataSchema.safeParse(data);
  return result.success ? result.data : undefined;
}

export const cb = {
  menu: (item: MenuItem) => `m:${item}`,
  dismiss: () => 'x',
  reportStart: (periodId: number) => `rp:start:${periodId}`,
  report: (action: (typeof REPORT_ACTIONS)[number], reportId: number) => `rp:${action}:${reportId}`,
  reportField: (action: (typeof FIELD_ACTIONS)[number], reportId: number, key: string) => `rp:${action}:${reportId}:${key}`,
  reportPick: (pick: (typeof PICKS)[number], reportId: number, key: string, i: number) => `rp:${pick}:${reportId}:${key}:${i}`,
  reportSubmit: (reportId: number) => cb.report('submit', reportId),
  reportView: (reportId: number) => cb.report('view', reportId),
  reportSkip: (reportId: number, key: string) => cb.reportField('skip', reportId, key),
  reportConflict: (choice: 'theirs' | 'mine', reportId: number, key: string) => `rc:${choice === 'theirs' ? 't' : 'm'}:${reportId}:${key}`,
  reportFiles: (reportId: number) => `rf:l:${reportId}`,
  boardRefresh: () => 'bd:refresh',
  boardNudge: (periodId: number) => `bd:nudge:${periodId}`,
  boardAdjust: (periodId: number) => `bd:adjust:${periodId}`,
  periodControl: (action: 'close' | 'close-ok' | 'open-next' | 'open-next-ok', periodId: number) => `bd:${action}:${periodId}`,
  extensionAsk: (periodId: number) => `xr:${periodId}`,
  extensionDecision: (requestId: number, decision: 'e3' | 'e7' | 'no') => `xa:${requestId}:${decision}`,
  adjust: (periodId: number, unitId: number, action?: AdjustAction) => `ad:${periodId}:${unitId}${action ? `:${action}` : ''}`,
  rotation: (termId: number, unitId: number, answer?: 'ok' | 'no') => `lr:${termId}:${unitId}${answer ? `:${answer}` : ''}`,
  browsePeriods: (page: number, options: { inPlace?: boolean } = {}) => `br:p:${page}${options.inPlace ? ':e' : ''}`,
  browseUnits: (periodId: number, options: { inPlace?: boolean } = {}) => `br:u:${periodId}${options.inPlace ? ':e' : ''}`,
  browseReport: (periodId: number, unitId: number) => `br:r:${periodId}:${unitId}`,
};

/**
 * Every builder is checked: data Telegram would refuse (over 64 bytes, "BUTTON_DATA_INVALID",
 * which loses the whole message) is a programming error raised where the button is made.
 * Within the ids (12 digits) and field keys (32 characters) the parser accepts, every builder
 * fits: test/unit/callback-data.test.ts tries each with the largest.
 */
for (const [name, build] of Object.entries(cb) as [string, (...args: never[]) => string][]) {
  (cb as Record<string, unknown>)[name] = (...args: never[]) => {
    const data = build(...args);
    if (!fitsCallbackData(data)) throw new Error(`callback data for ${name} is ${new TextEncoder().encode(data).length} bytes, over Telegram's 64: ${data}`);
    return data;
  };
}
