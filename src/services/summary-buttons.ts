/**
 * The buttons under a consolidated summary, for its files: declared here, outside bot/, because
 * the summary the scheduler sends by itself (reminders/dispatcher.ts) carries them too;
 * bot/features/summary.ts handles them. Data: "sm:f:<x|d|c>:<schedule>:<window>" (at most 47
 * bytes with a 32-character schedule code, under Telegram's 64).
 */
import { z } from 'zod';
import { button, keyboardRows, seg, type InlineKeyboard } from '../domain/buttons.js';
import { vi } from '../i18n/vi.js';

/** Which file of the window: the workbook (x), the Word draft (d) or the raw answers (c). */
export const summaryFileKind = z.enum(['x', 'd', 'c']);
export type SummaryFileKind = z.output<typeof summaryFileKind>;

/** A file of a window, sent as a document. */
export const summaryFileButton = button('sm:f', summaryFileKind, seg.code, seg.windowKey);
/** The workbook button summaries sent before the Word and CSV buttons carry ("sm:x:<schedule>:<window>"). */
export const summaryXlsxButton = button('sm:x', seg.code, seg.windowKey);

/** Under a summary: one button a file, in the order a leader wants them (the table, the draft, the raw data). */
export function summaryFilesKeyboard(scheduleCode: string, windowKey: string): InlineKeyboard {
  return keyboardRows(
    summaryFileKind.options.map((kind) => ({
      text: vi.summary.fileButton[kind],
      data: summaryFileButton.data(kind, scheduleCode, windowKey),
    })),
  );
}
