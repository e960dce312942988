/**
 * What the summary's files share: the shape each writer returns, the file name, and how a
 * stored answer reads as text. Pure.
 */
import { local } from '../domain/time.js';
import { vi } from '../i18n/vi.js';
import type { SummaryField } from '../services/summary.js';

/**
 * exceljs, loaded at the first workbook rather than when the bot starts: importing it takes
 * about 0.4 s, which every start (and every test process) would otherwise pay.
 */
export const loadExcel = async () => (await import('exceljs')).default;

/** A written file: what to send it as or write it to disk under. */
export interface SummaryFile {
  /** Latin letters, digits and dashes only: "tong-hop-thang-2026-Q1.xlsx". */
  fileName: string;
  bytes: Buffer;
  mime: string;
}

/** "tong-hop-thang-2026-Q1.<extension>" from the window's key ("thang:2026-Q1"). */
export function documentFileName(windowKey: string, extension: string): string {
  return `tong-hop-${windowKey.replace(/[^A-Za-z0-9-]/g, '-')}.${extension}`;
}

/**
 * A stored answer as a person reads it: a date "2026-03-05" as 05/03/2026, yes/no as
 * "Có"/"Không", several choices joined by ", ", a number as typed in JSON ("2.5"); empty
 * for no answer.
 */
export function answerText(field: Pick<SummaryField, 'type'>, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.type === 'yes_no' || typeof value === 'boolean') return value ? vi.summary.files.yes : vi.summary.files.no;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return value.split('-').reverse().join('/');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function stamp(at: Date): string {
  return local(at).format('DD/MM/YYYY HH:mm');
}
