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

const index = z.string().regex(/^\d{1,2}$/).transform(Number);


/** Report buttons that act on the whole report. */
export const REPORT_ACTIONS = ['keep', 'submit', 'edit', 'view', 'back', 'pause', 'amend', 'finish'] as const;
/** Report buttons about one question; ok / re: confirm or retype an answer asked about (`pending`). */
export const FIELD_ACTIONS = ['field', 'skip', 'done', 'prev', 'ok', 're'] as const;
/** Report buttons that pick one of several values for a question. */
export const PICKS = ['opt', 'yn', 'tg', 'num'] as const;
/**
 * Guidance preview buttons: send, cancel, choose units (pick), tick every unit (pickall),
 * units chosen (pickok), drop the attached file (nofile).
 */
export const GUIDANCE_ACTIONS = ['send', 'cancel', 'pick', 'pickall', 'pickok', 'nofile'] as const;
/** What a typed-text prompt is for: g(uidance), a(djustment), e(xtension), f(eedback), t(hread), s(hare). */
export const PROMPTS = ['g', 'a', 'e', 'f', 't', 's'] as const;
export type PromptCode = (typeof PROMPTS)[number];
export const MENU_ITEMS = ['report', 'history', 'board', 'browse', 'guidance', 'invite', 'rotate', 'primary', 'help', 'propose', 'threads', 'extension', 'people'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];
/** Which side of a unit's thread with the leader is writing: u(nit) or l(eader). */
const side = z.enum(['u', 'l']).transform((s) => (s === 'u' ? ('unit' as const) : ('leader' as const)));


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
  // A report's files: d(rop) one, g(roup): drop the album it came in, l(ist) them to choose.
  z.tuple([z.literal('rf'), z.enum(['d', 'g']), id]).transform(([, action, attachmentId]) => ({ kind: 'report_file' as const, action: action === 'd' ? ('drop' as const) : ('album' as const), attachmentId })),
  z.tuple([z.literal('rf'), z.literal('l'), id]).transform(([, , reportId]) => ({ kind: 'report_files' as const, reportId })),
  z.tuple([z.literal('fb'), z.enum(['accept', 'return', 'comment']), id]).transform(([, feedback, reportId]) => ({ kind: 'feedback' as const, feedback, reportId })),
  z.tuple([z.literal('fb'), z.literal('ack'), id]).transform(([, , feedbackId]) => ({ kind: 'feedback_ack' as const, feedbackId })),
  // A comment on the whole report (cr) or on one of its answers (cf).
  z.tuple([z.literal('fb'), z.literal('cr'), id]).transform(([, , reportId]) => ({ kind: 'feedback_target' as const, reportId, key: undefined })),
  z.tuple([z.literal('fb'), z.literal('cf'), id, fieldKey]).transform(([, , reportId, key]) => ({ kind: 'feedback_target' as const, reportId, key })),
  z.tuple([z.literal('th'), z.literal('p'), id]).transform(([, , periodId]) => ({ kind: 'thread_period' as const, periodId })),
  z.tuple([z.literal('th'), z.literal('v'), id, id]).transform(([, , periodId, unitId]) => ({ kind: 'thread_view' as const, periodId, unitId })),
  z.tuple([z.literal('th'), z.literal('w'), side, id, id]).transform(([, , side, periodId, unitId]) => ({ kind: 'thread_write' as const, side, periodId, unitId })),
  z.tuple([z.literal('th'), z.literal('f'), id]).transform(([, , feedbackId]) => ({ kind: 'thread_reply_feedback' as const, feedbackId })),
  z.tuple([z.literal('th'), z.literal('m'), id]).transform(([, , messageId]) => ({ kind: 'thread_reply' as const, messageId })),
  z.tuple([z.literal('gd'), z.enum(GUIDANCE_ACTIONS)]).transform(([, action]) => ({ kind: 'guidance' as const, action })),
  z.tuple([z.literal('gd'), z.literal('u'), id]).transform(([, , unitId]) => ({ kind: 'guidance_unit' as const, unitId })),
  z.tuple([z.literal('gd'), z.literal('list')]).transform(() => ({ kind: 'guidance_list' as const })),
  z.tuple([z.literal('gd'), z.literal('ack'), id]).transform(([, , deliveryId]) => ({ kind: 'guidance_ack' as const, deliveryId })),
  z.tuple([z.literal('gd'), z.enum(['grid', 'regrid', 'resend']), id]).transform(([, action, guidanceId]) => ({ kind: 'guidance_track' as const, action, guidanceId })),
  // TRANSITION: read by the browse feature first (features/browse.ts); kept while report.ts builds cb.browseUnits.
  z.tuple([z.literal('br'), z.literal('u'), id]).transform(([, , periodId]) => ({ kind: 'browse_units' as const, periodId, edit: false })),
  z.tuple([z.literal('br'), z.literal('u'), id, z.literal('e')]).transform(([, , periodId]) => ({ kind: 'browse_units' as const, periodId, edit: true })),
  z.tuple([z.literal('xs'), z.literal('f'), id]).transform(([, , reportId]) => ({ kind: 'share_fields' as const, reportId })),
  z.tuple([z.literal('xs'), z.literal('p'), id, fieldKey]).transform(([, , reportId, key]) => ({ kind: 'share_preview' as const, reportId, key })),
  z.tuple([z.literal('xs'), z.literal('send')]).transform(() => ({ kind: 'share_send' as const })),
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
  reportFileRemove: (attachmentId: number, album = false) => `rf:${album ? 'g' : 'd'}:${attachmentId}`,
  reportFiles: (reportId: number) => `rf:l:${reportId}`,
  feedback: (kind: 'accept' | 'return' | 'comment', reportId: number) => `fb:${kind}:${reportId}`,
  feedbackAck: (feedbackId: number) => `fb:ack:${feedbackId}`,
  feedbackTarget: (reportId: number, key?: string) => (key === undefined ? `fb:cr:${reportId}` : `fb:cf:${reportId}:${key}`),
  threadPeriod: (periodId: number) => `th:p:${periodId}`,
  threadView: (periodId: number, unitId: number) => `th:v:${periodId}:${unitId}`,
  threadWrite: (side: 'unit' | 'leader', periodId: number, unitId: number) => `th:w:${side === 'unit' ? 'u' : 'l'}:${periodId}:${unitId}`,
  threadReplyFeedback: (feedbackId: number) => `th:f:${feedbackId}`,
  threadReply: (messageId: number) => `th:m:${messageId}`,
  guidance: (action: (typeof GUIDANCE_ACTIONS)[number]) => `gd:${action}`,
  guidanceUnit: (unitId: number) => `gd:u:${unitId}`,
  guidanceAck: (deliveryId: number) => `gd:ack:${deliveryId}`,
  guidanceGrid: (guidanceId: number, refresh = false) => `gd:${refresh ? 'regrid' : 'grid'}:${guidanceId}`,
  guidanceResend: (guidanceId: number) => `gd:resend:${guidanceId}`,
  guidanceList: () => 'gd:list',
  // TRANSITION: the report view's "◀️" (report.ts) until it uses browse's periodUnitsButton.
  browseUnits: (periodId: number, options: { inPlace?: boolean } = {}) => `br:u:${periodId}${options.inPlace ? ':e' : ''}`,
  shareFields: (reportId: number) => `xs:f:${reportId}`,
  sharePreview: (reportId: number, key: string) => `xs:p:${reportId}:${key}`,
  shareSend: () => 'xs:send',
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
