/**
 * The window's raw answers as CSV: one row per unit × period × question, UTF-8 with a byte
 * order mark so Excel keeps the diacritics, fields quoted as RFC 4180 asks (CRLF line ends,
 * quotes doubled), and a text that Excel would run as a formula (starting with = + - @, or a
 * tab or carriage return) prefixed with an apostrophe. Numbers are written as numbers
 * ("2.5", no thousands separator) so they read back as numbers.
 */
import { vi } from '../i18n/vi.js';
import type { SummaryDocumentData } from '../services/summary.js';
import { answerText, documentFileName, stamp, type SummaryFile } from './common.js';

export const CSV_MIME = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';

/** A text Excel would take for a formula, made inert: "'=1+1". Numbers are left alone. */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field: quoted when it holds a comma, a quote, a line break or leading/trailing space. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV's bytes (see the module's comment), its MIME type and file name ("tong-hop-thang-2026-Q1.csv"). */
export function summaryCsv(data: SummaryDocumentData): SummaryFile {
  const units = new Map(data.summary.units.map((u) => [u.id, u]));
  const rows: string[][] = [[...vi.summary.files.csvHeader]];
  for (const report of data.answers) {
    const unit = units.get(report.unitId);
    for (const field of data.fields) {
      const value = report.values[field.key];
      if (value === undefined || value === null) continue;
      const answer = typeof value === 'number' ? String(value) : defuse(answerText(field, value));
      rows.push([
        report.periodKey,
        report.unitCode,
        defuse(unit?.name ?? ''),
        defuse(field.sectionTitle),
        field.key,
        defuse(field.label),
        answer,
        field.unit ?? '',
        stamp(report.submittedAt),
      ]);
    }
  }
  const text = BOM + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  return {
    fileName: documentFileName(data.summary.windowKey, 'csv'),
    bytes: Buffer.from(text, 'utf8'),
    mime: CSV_MIME,
  };
}
