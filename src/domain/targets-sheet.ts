/**
 * Reading the leader's sheet of yearly targets (chỉ tiêu năm): units × indicators. Pure: it
 * takes the cells as exceljs reads them (documents/targets-xlsx.ts) with the cluster's active
 * units and indicators, and returns either the targets or every problem found, each naming
 * the Excel row, the column (letter and header) and what is wrong; the words are the
 * catalogue's (i18n/vi/targets.ts).
 *
 * The layout (README, "Yearly targets"):
 * - row 1 holds the headers: «Mã đơn vị» (the unit's code; it decides), «Đơn vị» (the name,
 *   for reading; used only when the code cell is empty), then one column per indicator,
 *   headed by the indicator's label (its key, or the label followed by "(unit)", also read);
 *   case, spaces and diacritics do not matter;
 * - one row per unit from row 2; an empty row is skipped;
 * - a cell holds the year's target: a real number, or text as Vietnamese write numbers
 *   (1.500, 2,5); a percent may end with "%". An **empty cell changes nothing**;
 * - the year is the 4-digit year in the sheet's name ("Chỉ tiêu 2026"); a name without one
 *   takes the year asked for (`--year`, or the year chosen in chat). A year asked for that
 *   differs from the sheet's is an error, so a sheet is never applied to the wrong year.
 */
import { MAX_ABS, parseVietnameseNumber } from './numbers.js';
import { foldVietnamese, normalizeDigits } from './text.js';

/** A unit of the cluster, as the sheet names it. */
export interface SheetUnit {
  code: string;
  name: string;
}

/** An indicator (a `target` key of the templates' number fields), with the label of its field. */
export interface SheetIndicator {
  key: string;
  label: string;
  kind: 'integer' | 'decimal' | 'percent';
  /** The unit of measure ("người"), if the field has one. */
  unit?: string;
}

/** One target read: unit (by code), indicator (by key), the year's value in the indicator's unit. */
export interface SheetTarget {
  unitCode: string;
  indicator: string;
  value: number;
}

/** Where a problem is: the Excel row (1-based), the column letter and the column's header as written. */
export interface CellRef {
  row: number;
  column: string;
  header: string;
}

export type SheetError =
  | { kind: 'not_xlsx' }
  /** The file, or what it unpacks to, is far larger than any targets sheet. */
  | { kind: 'too_big'; maxMb: number }
  | { kind: 'empty' }
  | { kind: 'too_many_rows'; max: number }
  | { kind: 'year_missing'; sheetName: string }
  | { kind: 'year_invalid'; sheetName: string }
  | { kind: 'year_mismatch'; sheetYear: number; asked: number }
  | { kind: 'no_unit_column' }
  | { kind: 'no_indicator' }
  | ({ kind: 'unknown_indicator' } & CellRef)
  | ({ kind: 'indicator_twice'; firstColumn: string } & CellRef)
  | ({ kind: 'unit_missing' } & CellRef)
  | ({ kind: 'unknown_unit'; text: string } & CellRef)
  | ({ kind: 'unit_twice'; text: string; firstRow: number } & CellRef)
  | ({ kind: 'not_a_number'; text: string } & CellRef)
  | ({ kind: 'ambiguous'; text: string; candidates: [number, number] } & CellRef)
  | ({ kind: 'too_large'; text: string } & CellRef)
  | ({ kind: 'not_whole'; value: number } & CellRef)
  | ({ kind: 'negative'; value: number } & CellRef)
  | ({ kind: 'percent_range'; value: number } & CellRef);

export type SheetResult = { ok: true; year: number; targets: SheetTarget[] } | { ok: false; errors: SheetError[] };

export interface SheetInput {
  /** The worksheet's name (where the year is). */
  sheetName: string;
  /** The cells, row by row: rows[0] is Excel row 1, rows[r][0] column A (exceljs values, see readCell). */
  rows: readonly (readonly unknown[])[];
  units: readonly SheetUnit[];
  indicators: readonly SheetIndicator[];
  /** A year the sheet must be for (the CLI's `--year`): a sheet named for another year is refused. */
  askedYear?: number;
  /** The year when the sheet's name has none (this year, or the year chosen in chat). */
  defaultYear?: number;
}

/** More data rows than any cluster has units: a sheet that is not the targets (or is damaged). */
export const MAX_SHEET_ROWS = 500;

/** The headers of the unit columns (compared folded: lowercase, no diacritics). */
const CODE_HEADERS = new Set(['ma don vi', 'ma', 'ma dv', 'code']);
const NAME_HEADERS = new Set(['don vi', 'ten don vi']);
/** The template's own header texts, written by documents/targets-xlsx.ts. */
export const SHEET_HEADERS = { code: 'Mã đơn vị', name: 'Đơn vị' } as const;

/** "A", "B", … "Z", "AA": the Excel letter of a 1-based column. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * The year in a sheet's name: "Chỉ tiêu 2026" → 2026. Only groups of 4 or more digits are
 * read as a year ("Sheet1", "Trang 2" have none: undefined); 'invalid' when such a group is
 * no year 2000–2100, or there are two.
 */
export function sheetNameYear(sheetName: string): number | 'invalid' | undefined {
  const groups = (normalizeDigits(sheetName).match(/\d+/g) ?? []).filter((g) => g.length >= 4);
  if (groups.length === 0) return undefined;
  const year = Number(groups[0]);
  if (groups.length > 1 || groups[0]!.length !== 4 || year < 2000 || year > 2100) return 'invalid';
  return year;
}

/** What a cell holds, as the reader sees it: nothing, a number, or text. */
export type Cell = { kind: 'empty' } | { kind: 'number'; value: number } | { kind: 'text'; text: string };

/**
 * An exceljs cell value read as a person sees it: null, a number, a string, rich text (its
 * pieces joined), a formula (its last computed result), a hyperlink (its text), an error
 * ("#DIV/0!"), a date or a boolean (text: never a target).
 */
export function readCell(value: unknown): Cell {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'number')
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'text', text: String(value) };
  if (typeof value === 'string') {
    const text = normalizeDigits(value).trim();
    return text === '' ? { kind: 'empty' } : { kind: 'text', text };
  }
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date)
    return { kind: 'text', text: value.toISOString().slice(0, 10).split('-').reverse().join('/') };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return readCell(
        (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''),
      );
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined || v.result === null)
        return { kind: 'text', text: `=${String(v.formula ?? v.sharedFormula)}` };
      return readCell(v.result);
    }
    if (typeof v.error === 'string') return { kind: 'text', text: v.error };
    // A hyperlink's text: a string, or rich text.
    if ('text' in v) return readCell(v.text);
  }
  return { kind: 'text', text: String(value) };
}

/** What a cell shows, for the unit columns: a number cell as its digits. */
function cellText(value: unknown): string {
  const cell = readCell(value);
  return cell.kind === 'empty' ? '' : cell.kind === 'number' ? String(cell.value) : cell.text;
}

/** A header folded for matching; a trailing "(…)" (the unit of measure) is dropped by the caller when needed. */
const fold = (text: string) => foldVietnamese(text).trim();
/** A text as written, only its case, spacing and Unicode form set aside. */
const plain = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Looks a text up as written first (`plain`), then loosely (`loose`: without diacritics, or
 * without case). A form two different items share finds neither, so "An Phú" never lands on
 * "Ấn Phú" because of the diacritics a sheet dropped: it is reported instead.
 */
function lookup<T>(items: readonly T[], keys: (item: T) => string[], loose: (text: string) => string) {
  const exact = new Map<string, T | null>();
  const folded = new Map<string, T | null>();
  const add = (map: Map<string, T | null>, key: string, item: T) => {
    const had = map.get(key);
    map.set(key, had === undefined || had === item ? item : null);
  };
  for (const item of items)
    for (const key of keys(item)) {
      add(exact, plain(key), item);
      add(folded, loose(key), item);
    }
  return (text: string): T | undefined => {
    const hit = exact.get(plain(text));
    return hit !== undefined ? (hit ?? undefined) : (folded.get(loose(text)) ?? undefined);
  };
}

/**
 * Reads the sheet: the targets it gives (empty cells left out), or every problem found (row 1
 * first, then row by row, left to right). Never throws.
 */
export function readTargetsSheet(input: SheetInput): SheetResult {
  const errors: SheetError[] = [];
  const year = readYear(input, errors);
  const header = input.rows[0] ?? [];
  const nonEmpty = input.rows.some((row) => row.some((cell) => readCell(cell).kind !== 'empty'));
  if (!nonEmpty) return { ok: false, errors: [{ kind: 'empty' }] };
  if (input.rows.length - 1 > MAX_SHEET_ROWS)
    return { ok: false, errors: [{ kind: 'too_many_rows', max: MAX_SHEET_ROWS }] };

  // Row 1: which column is what.
  const indicatorOf = lookup(input.indicators, (i) => [i.key, i.label], fold);
  let codeColumn: number | undefined;
  let nameColumn: number | undefined;
  const columns: { index: number; ref: Omit<CellRef, 'row'>; indicator: SheetIndicator }[] = [];
  const seen = new Map<string, string>();
  header.forEach((raw, index) => {
    const text = cellText(raw);
    if (text === '') return;
    const folded = fold(text);
    const ref = { column: columnLetter(index + 1), header: text };
    if (CODE_HEADERS.has(folded) && codeColumn === undefined) return void (codeColumn = index);
    if (NAME_HEADERS.has(folded) && nameColumn === undefined) return void (nameColumn = index);
    // The template heads a column "label (unit)"; the unit may be left out.
    const indicator = indicatorOf(text) ?? indicatorOf(text.replace(/\s*\([^()]*\)$/, ''));
    if (!indicator) return void errors.push({ kind: 'unknown_indicator', row: 1, ...ref });
    const first = seen.get(indicator.key);
    if (first !== undefined) return void errors.push({ kind: 'indicator_twice', row: 1, ...ref, firstColumn: first });
    seen.set(indicator.key, ref.column);
    columns.push({ index, ref, indicator });
  });
  const unitColumn = codeColumn ?? nameColumn;
  if (unitColumn === undefined) errors.push({ kind: 'no_unit_column' });
  if (columns.length === 0 && !errors.some((e) => e.kind === 'unknown_indicator' || e.kind === 'indicator_twice'))
    errors.push({ kind: 'no_indicator' });
  if (unitColumn === undefined) return { ok: false, errors };

  // Rows 2…: one unit each.
  const byCode = lookup(
    input.units,
    (u) => [u.code],
    (text) => text.trim().toLowerCase(),
  );
  const byName = lookup(input.units, (u) => [u.name], fold);
  const unitRef = { column: columnLetter(unitColumn + 1), header: cellText(header[unitColumn]) };
  const unitRows = new Map<string, number>();
  const targets: SheetTarget[] = [];
  input.rows.forEach((cells, r) => {
    const row = r + 1;
    if (row === 1 || !cells.some((cell) => readCell(cell).kind !== 'empty')) return;
    const code = codeColumn === undefined ? '' : cellText(cells[codeColumn]);
    const name = nameColumn === undefined ? '' : cellText(cells[nameColumn]);
    const unit = code !== '' ? byCode(code) : name !== '' ? byName(name) : undefined;
    if (!unit) {
      if (code === '' && name === '') errors.push({ kind: 'unit_missing', row, ...unitRef });
      else errors.push({ kind: 'unknown_unit', row, ...unitRef, text: code || name });
    } else {
      const first = unitRows.get(unit.code);
      if (first !== undefined)
        errors.push({ kind: 'unit_twice', row, ...unitRef, text: code || name, firstRow: first });
      else unitRows.set(unit.code, row);
    }
    for (const { index, ref, indicator } of columns) {
      const read = readTarget(cells[index], indicator, { row, ...ref });
      if (read === undefined) continue;
      if (typeof read === 'number') {
        if (unit) targets.push({ unitCode: unit.code, indicator: indicator.key, value: read });
      } else errors.push(read);
    }
  });
  if (errors.length > 0 || year === undefined) return { ok: false, errors };
  return { ok: true, year, targets };
}

/** The sheet's year (see the module's note); a problem is added to `errors`. */
function readYear(input: SheetInput, errors: SheetError[]): number | undefined {
  const named = sheetNameYear(input.sheetName);
  if (named === 'invalid') return void errors.push({ kind: 'year_invalid', sheetName: input.sheetName });
  if (named !== undefined && input.askedYear !== undefined && named !== input.askedYear)
    return void errors.push({ kind: 'year_mismatch', sheetYear: named, asked: input.askedYear });
  const year = named ?? input.askedYear ?? input.defaultYear;
  if (year === undefined) errors.push({ kind: 'year_missing', sheetName: input.sheetName });
  return year;
}

/** One target cell: undefined when empty (no change), the value, or the problem. */
function readTarget(raw: unknown, indicator: SheetIndicator, ref: CellRef): number | SheetError | undefined {
  const cell = readCell(raw);
  if (cell.kind === 'empty') return undefined;
  let value: number;
  if (cell.kind === 'number') value = cell.value;
  else {
    const text = indicator.kind === 'percent' ? cell.text.replace(/\s*%$/, '') : cell.text;
    const parsed = parseVietnameseNumber(text);
    if (!parsed.ok) {
      if (parsed.reason === 'ambiguous')
        return { kind: 'ambiguous', ...ref, text: cell.text, candidates: parsed.candidates };
      if (parsed.reason === 'too_large') return { kind: 'too_large', ...ref, text: cell.text };
      return { kind: 'not_a_number', ...ref, text: cell.text };
    }
    value = parsed.value;
  }
  if (Math.abs(value) > MAX_ABS) return { kind: 'too_large', ...ref, text: cellText(raw) };
  // Excel keeps 0.1 + 0.2 as 0.30000000000000004: round away what a person cannot have typed.
  value = Math.round(value * 1e9) / 1e9 || 0; // and -0 is 0
  if (value < 0) return { kind: 'negative', ...ref, value };
  if (indicator.kind === 'integer' && !Number.isInteger(value)) return { kind: 'not_whole', ...ref, value };
  if (indicator.kind === 'percent' && value > 100) return { kind: 'percent_range', ...ref, value };
  return value;
}
