/**
 * Buttons that messages queued by workflows and reminders carry (reminders, notices to units,
 * requests waiting for the leader). Declared here, outside bot/, so services/ and reminders/
 * build the same data the bot's features handle (bot/features/adjust.ts handles "xr" and "xa";
 * "rp:start" is the report feature's). The data strings are the ones older messages carry.
 */
import { z } from 'zod';
import { button, keyboardRows, seg, type InlineKeyboard } from '../domain/buttons.js';
import { vi } from '../i18n/vi.js';

/** "📝 Báo cáo" for a period: starts (or resumes) the unit's report of that period. */
export const reportStartButton = button('rp:start', seg.id);
/** "🕒 Xin gia hạn" for a period: the unit's contact asks the leader for more time. */
export const extensionAskButton = button('xr', seg.id);
/** The leader's answer to a request for more time: e3 / e7 (days) or no. */
export const extensionDecisionButton = button('xa', seg.id, z.enum(['e3', 'e7', 'no']));

/** Under every reminder: report now, or ask for more time. */
export function reminderKeyboard(periodId: number): InlineKeyboard {
  return keyboardRows([
    { text: vi.button.report, data: reportStartButton.data(periodId) },
    { text: vi.button.askExtension, data: extensionAskButton.data(periodId) },
  ]);
}

/** The leader's copy of a request for more time, with the decision buttons (queued when asked, and again at a handover). */
export function extensionRequestNotice(r: {
  id: number;
  unitName: string;
  personName: string;
  name: string;
  reason: string;
}): { text: string; keyboard: InlineKeyboard } {
  return {
    text: vi.extension.request(r.unitName, r.personName, r.name, r.reason),
    keyboard: keyboardRows([
      { text: vi.adjust.extend(3), data: extensionDecisionButton.data(r.id, 'e3') },
      { text: vi.adjust.extend(7), data: extensionDecisionButton.data(r.id, 'e7') },
      { text: vi.extension.decline, data: extensionDecisionButton.data(r.id, 'no') },
    ]),
  };
}
