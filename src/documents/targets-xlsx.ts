/**
 * The yearly targets as an Excel sheet (exceljs): the template the leader fills in, and the
 * reading of a sheet sent back. The template's first sheet, named "Chỉ tiêu <year>", has the
 * headers «Mã đơn vị», «Đơn vị» and one column per indicator (its label, with its unit of
 * measure in brackets), every active unit a row with its current targets as real numbers
 * (number formats; a percent is written as 0–100), a frozen header and widths; a second
 * sheet "Hướng dẫn" says how to fill it in. The layout is the one domain/targets-sheet.ts reads.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from './common.js';
import {
  MAX_SHEET_ROWS,
  readTargetsSheet,
  SHEET_HEADERS,
  type SheetError,
  type SheetInput,
  type SheetResult,
} from '../domain/targets-sheet.js';
import { vi } from '../i18n/vi.js';
import type { TargetsState } from '../services/targets.js';
import type { SummaryFile } from './common.js';
import { XLSX_MIME } from './summary-xlsx.js';

const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9ECEF' } };
/** Number formats of a target: whole numbers, decimals, a percent as its number of percent (85 for 85 %). */
const FORMAT = { integer: '#,##0', decimal: '#,##0.##', percent: '0.##' } as const;

/** The header of an indicator's column: "Số hội viên mới kết nạp (người)", "Tỷ lệ … (%)". */
export function indicatorHeader(indicator: TargetsState['indicators'][number]): string {
  const unit = indicator.kind === 'percent' ? '%' : indicator.unit;
  return unit ? `${indicator.label} (${unit})` : indicator.label;
}

/** The template for `state.year` with the current targets filled in: "chi-tieu-2026.xlsx". */
export async function targetsTemplate(state: TargetsState): Promise<SummaryFile> {
  const t = vi.targets.sheet;
  const book = new (await loadExcel()).Workbook();
  book.creator = 'cum-thi-dua-bot';
  const sheet = book.addWorksheet(t.name(state.year), { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  const header = sheet.addRow([SHEET_HEADERS.code, SHEET_HEADERS.name, ...state.indicators.map(indicatorHeader)]);
  header.height = 45;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEAD_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  const values = new Map(state.targets.map((target) => [`${target.unitId}/${target.indicator}`, target.value]));
  for (const unit of state.units)
    sheet.addRow([unit.code, unit.name, ...state.indicators.map((i) => values.get(`${unit.id}/${i.key}`) ?? null)]);
  sheet.getColumn(1).width = 12;
  sheet.getColumn(2).width = 34;
  state.indicators.forEach((indicator, i) => {
    const column = sheet.getColumn(3 + i);
    column.width = 20;
    column.numFmt = FORMAT[indicator.kind];
  });
  const guide = book.addWorksheet(t.guideName);
  guide.addRows(t.guide(state.year, state.clusterName).map((line) => [line]));
  guide.getRow(1).font = { bold: true };
  guide.getColumn(1).width = 110;
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  return { fileName: `chi-tieu-${state.year}.xlsx`, bytes, mime: XLSX_MIME };
}

/** The first sheet of a workbook as domain/targets-sheet.ts reads it, or why it cannot be read. */
export type ReadWorkbook = { ok: true; sheetName: string; rows: unknown[][] } | { ok: false; error: SheetError };

/**
 * Reads the first worksheet of an XLSX file: its name and its cells row by row (exceljs
 * values; a number shown as a percent, "85%", comes as 85, what the person sees). Not a
 * workbook (not a zip, damaged, another format) → not_xlsx; no sheet → empty. Reads at most
 * MAX_SHEET_ROWS + 2 rows (more is refused by the reader as too many). Never throws.
 */
export async function readTargetsWorkbook(bytes: Uint8Array): Promise<ReadWorkbook> {
  // An XLSX file is a zip: "PK\x03\x04".
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04)
    return { ok: false, error: { kind: 'not_xlsx' } };
  // exceljs unpacks everything in memory: a few KB that unpack to gigabytes would stall or kill the bot.
  const unpacked = zipUnpackedSize(bytes);
  if (unpacked === undefined) return { ok: false, error: { kind: 'not_xlsx' } };
  if (bytes.length > MAX_SHEET_FILE_BYTES || unpacked > MAX_SHEET_UNPACKED_BYTES)
    return { ok: false, error: { kind: 'too_big', maxMb: MAX_SHEET_FILE_BYTES / 2 ** 20 } };
  const book = new (await loadExcel()).Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, error: { kind: 'not_xlsx' } };
  }
  // A hidden sheet (last year's, kept out of sight) is not the one the leader filled in.
  const sheet = book.worksheets.find((s) => s.state === 'visible');
  if (!sheet) return { ok: false, error: { kind: 'empty' } };
  const rows: unknown[][] = [];
  const last = Math.min(sheet.rowCount, MAX_SHEET_ROWS + 2);
  for (let r = 1; r <= last; r++) {
    const cells: unknown[] = [];
    // Only cells that hold something, and no further than MAX_SHEET_COLUMNS: one cell far to the right makes no million.
    sheet.getRow(r).eachCell((cell, column) => {
      if (column <= MAX_SHEET_COLUMNS) cells[column - 1] = shownValue(cell);
    });
    rows.push(Array.from(cells, (value) => value ?? null));
  }
  // Rows only formatted (a border drawn down the column) are not rows of units.
  while (rows.length && rows.at(-1)!.every((value) => value === null || value === '')) rows.pop();
  return { ok: true, sheetName: sheet.name, rows };
}

/**
 * A sent file read and checked in one step, as the chat and the CLI both take it: the
 * workbook's first visible sheet (readTargetsWorkbook), then its targets or every problem
 * (domain/targets-sheet.ts). Never throws.
 */
export async function readTargetsFile(
  bytes: Uint8Array,
  input: Omit<SheetInput, 'sheetName' | 'rows'>,
): Promise<SheetResult> {
  const book = await readTargetsWorkbook(bytes);
  return book.ok
    ? readTargetsSheet({ ...input, sheetName: book.sheetName, rows: book.rows })
    : { ok: false, errors: [book.error] };
}

/** A targets sheet is a few KB; a file above this is refused before it is read. */
export const MAX_SHEET_FILE_BYTES = 2 * 1024 * 1024;
/** What the file's parts may unpack to, together (a 500-unit sheet is well under 1 MB). */
const MAX_SHEET_UNPACKED_BYTES = 32 * 1024 * 1024;
/** Columns read: the unit's code and name and up to 198 indicators. */
const MAX_SHEET_COLUMNS = 200;

/**
 * The total size a zip's entries unpack to, from its central directory (APPNOTE 4.3.12 and
 * 4.3.16: the end record's entry count and offset, each entry's uncompressed size at +24);
 * undefined when the directory cannot be read (not a zip, or ZIP64, which no sheet needs).
 */
export function zipUnpackedSize(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of at most 65,535.
  for (let end = bytes.length - 22; end >= 0 && end >= bytes.length - 22 - 65535; end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const entries = view.getUint16(end + 10, true);
    let at = view.getUint32(end + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return undefined;
      const size = view.getUint32(at + 24, true);
      if (size === 0xffffffff) return undefined;
      total += size;
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return undefined;
}

/** A cell's value, a number under a percent format multiplied by 100 (0.85 shown "85%" is 85). */
function shownValue(cell: ExcelJS.Cell): unknown {
  const value = cell.value as unknown;
  if (!cell.numFmt?.includes('%')) return value;
  const percent = (n: number) => Math.round(n * 100 * 1e9) / 1e9;
  if (typeof value === 'number') return percent(value);
  if (value && typeof value === 'object' && typeof (value as { result?: unknown }).result === 'number')
    return percent((value as { result: number }).result);
  return value;
}
