import { z } from 'zod';

/**
 * Button payloads: "prefix:arg:arg", at most 64 bytes. They say what was tapped, never
 * who may do it: every handler re-checks the person's role and unit on the server.
 */
const id = z.string().regex(/^\d{1,12}$/).transform(Number);
const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);

const schemas = [
  z.tuple([z.literal('m'), z.enum(['report', 'board', 'guidance', 'invite', 'help'])]).transform(([, item]) => ({ kind: 'menu' as const, item })),
  z.tuple([z.literal('rp'), z.literal('start'), id]).transform(([, , periodId]) => ({ kind: 'report_start' as const, periodId })),
  z.tuple([z.literal('rp'), z.literal('skip'), id, fieldKey]).transform(([, , reportId, key]) => ({ kind: 'report_skip' as const, reportId, key })),
  z.tuple([z.literal('rp'), z.literal('keep'), id]).transform(([, , reportId]) => ({ kind: 'report_keep' as const, reportId })),
  z.tuple([z.literal('rp'), z.literal('submit'), id]).transform(([, , reportId]) => ({ kind: 'report_submit' as const, reportId })),
  z.tuple([z.literal('rp'), z.literal('edit'), id]).transform(([, , reportId]) => ({ kind: 'report_edit' as const, reportId })),
  z.tuple([z.literal('rp'), z.literal('view'), id]).transform(([, , reportId]) => ({ kind: 'report_view' as const, reportId })),
  z.tuple([z.literal('bd'), z.literal('refresh')]).transform(() => ({ kind: 'board_refresh' as const })),
  z.tuple([z.literal('rp'), z.literal('field'), id, fieldKey]).transform(([, , reportId, key]) => ({ kind: 'report_field' as const, reportId, key })),
  z.tuple([z.literal('gd'), z.enum(['send', 'cancel'])]).transform(([, action]) => ({ kind: 'guidance' as const, action })),
  z.tuple([z.literal('gd'), z.literal('ack'), id]).transform(([, , deliveryId]) => ({ kind: 'guidance_ack' as const, deliveryId })),
  z.tuple([z.literal('iv'), id]).transform(([, unitId]) => ({ kind: 'invite_unit' as const, unitId })),
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
  menu: (item: 'report' | 'board' | 'guidance' | 'invite' | 'help') => `m:${item}`,
  reportStart: (periodId: number) => `rp:start:${periodId}`,
  reportSkip: (reportId: number, key: string) => `rp:skip:${reportId}:${key}`,
  reportKeep: (reportId: number) => `rp:keep:${reportId}`,
  reportSubmit: (reportId: number) => `rp:submit:${reportId}`,
  reportEdit: (reportId: number) => `rp:edit:${reportId}`,
  reportView: (reportId: number) => `rp:view:${reportId}`,
  boardRefresh: () => 'bd:refresh',
  reportField: (reportId: number, key: string) => `rp:field:${reportId}:${key}`,
  guidance: (action: 'send' | 'cancel') => `gd:${action}`,
  guidanceAck: (deliveryId: number) => `gd:ack:${deliveryId}`,
  inviteUnit: (unitId: number) => `iv:${unitId}`,
};
