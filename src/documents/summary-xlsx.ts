/**
 * The summary as an Excel workbook (XLSX, written by exceljs): a sheet "Tổng hợp" of units ×
 * indicators for the window (value in the window, year to date, yearly target, % of target)
 * with the cluster's totals and the units still low marked (fill and a legend); a sheet per
 * period of the window (each unit's figures that month and whether it reported on time); a
 * sheet of the text answers (period, unit, question, answer); and a sheet "Nguồn" naming the
 * source (schedule, window, generated at in Asia/Ho_Chi_Minh, units missing). Numbers are
 * real numbers with number formats, never text, so the leader can sum and sort them.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from './common.js';
import { combineUnits } from '../domain/summary/aggregate.js';
import type { IndicatorSummary } from '../domain/summary/build.js';
import { vi } from '../i18n/vi.js';
import type { SummaryDocumentData } from '../services/summary.js';
import { answerText, documentFileName, stamp, type SummaryFile } from './common.js';

const sheetTexts = { ...vi.summary.sheet, ...vi.summary.files.sheet };

/** The fill of a cell whose unit is still low on that indicator (light red), and of the header (light grey). */
export const LOW_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8D7DA' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9ECEF' } };
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Number formats: whole numbers, decimals, shares (the cell holds 0.125 for 12.5 %). */
export const FORMAT = { integer: '#,##0', decimal: '#,##0.0#', percent: '0.0%' } as const;

/** The columns of one indicator, in order. */
const PARTS = ['value', 'ytd', 'target', 'percent'] as const;

type Indicator = Pick<IndicatorSummary, 'type'>;

/** What a cell of the indicator holds: a percent field's 85 is stored as 0.85 and shown "85.0%". */
const cellValue = (indicator: Indicator, value: number | undefined) =>
  value === undefined ? null : indicator.type === 'percent' ? value / 100 : value;
const formatOf = (indicator: Indicator) => FORMAT[indicator.type];

/** Bold, grey, centred, wrapped: the look of a header row. */
function styleHeader(row: ExcelJS.Row): void {
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEAD_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
}

/** The workbook's bytes, its MIME type and the file name to send it under ("tong-hop-thang-2026-Q1.xlsx"). */
export async function summaryWorkbook(data: SummaryDocumentData): Promise<SummaryFile> {
  const book = new (await loadExcel()).Workbook();
  book.creator = 'cum-thi-dua-bot';
  book.created = data.summary.generatedAt;
  addSummarySheet(book, data);
  addPeriodSheets(book, data);
  addTextSheet(book, data);
  addSourceSheet(book, data);
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  return { fileName: documentFileName(data.summary.windowKey, 'xlsx'), bytes, mime: XLSX_MIME };
}

function addSummarySheet(book: ExcelJS.Workbook, { summary }: SummaryDocumentData): void {
  const t = sheetTexts;
  const sheet = book.addWorksheet(t.summarySheet, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  // Row 1: each indicator's label over its four columns; row 2: what each column holds.
  const top = [t.unit, ...summary.indicators.flatMap((i) => [t.indicator(i.label, i.unit), '', '', ''])];
  const second = ['', ...summary.indicators.flatMap(() => PARTS.map((p) => t.column[p]))];
  sheet.addRow(top);
  sheet.addRow(second);
  summary.indicators.forEach((_, i) => sheet.mergeCells(1, 2 + i * 4, 1, 5 + i * 4));
  sheet.mergeCells(1, 1, 2, 1);
  styleHeader(sheet.getRow(1));
  styleHeader(sheet.getRow(2));
  sheet.getRow(1).height = 32;

  const values = (
    indicator: Indicator,
    r: { value?: number; ytd?: number; target?: number; percentOfTarget?: number },
  ) => [
    cellValue(indicator, r.value),
    cellValue(indicator, r.ytd),
    cellValue(indicator, r.target),
    r.percentOfTarget === undefined ? null : r.percentOfTarget / 100,
  ];
  summary.units.forEach((unit) => {
    const row = sheet.addRow([
      unit.name,
      ...summary.indicators.flatMap((i) => values(i, i.units.find((u) => u.unitId === unit.id) ?? {})),
    ]);
    summary.indicators.forEach((indicator, i) => {
      if (indicator.stillLow.includes(unit.id))
        for (let c = 2 + i * 4; c <= 5 + i * 4; c++) row.getCell(c).fill = LOW_FILL;
    });
  });
  const total = sheet.addRow([t.cluster, ...summary.indicators.flatMap((i) => values(i, i.cluster))]);
  total.font = { bold: true };

  sheet.getColumn(1).width = 34;
  summary.indicators.forEach((indicator, i) =>
    PARTS.forEach((part, j) => {
      const column = sheet.getColumn(2 + i * 4 + j);
      column.width = 14;
      column.numFmt = part === 'percent' ? FORMAT.percent : formatOf(indicator);
    }),
  );
  sheet.addRow([]);
  sheet.addRow([t.lowLegend]).getCell(1).fill = LOW_FILL;
  sheet.addRow([t.paceLegend(summary.pace.month, summary.pace.expectedShare * 100)]);
}

/** One sheet per period of the window begun so far: units × indicators for that period alone. */
function addPeriodSheets(book: ExcelJS.Workbook, data: SummaryDocumentData): void {
  const { summary } = data;
  const t = sheetTexts;
  const byPeriod = new Map<string, Map<number, Record<string, unknown>>>();
  for (const a of data.answers) {
    if (!byPeriod.has(a.periodKey)) byPeriod.set(a.periodKey, new Map());
    byPeriod.get(a.periodKey)!.set(a.unitId, a.values);
  }
  for (const period of summary.completeness.periods) {
    const sheet = book.addWorksheet(t.periodSheet(period.key), { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    styleHeader(sheet.addRow([t.unit, t.state, ...summary.indicators.map((i) => t.indicator(i.label, i.unit))]));
    sheet.getRow(1).height = 32;
    const answers = byPeriod.get(period.key) ?? new Map<number, Record<string, unknown>>();
    const numberOf = (unitId: number, key: string) => {
      const value = answers.get(unitId)?.[key];
      return typeof value === 'number' ? value : undefined;
    };
    for (const cell of period.cells) {
      const unit = summary.units.find((u) => u.id === cell.unitId);
      sheet.addRow([
        unit?.name ?? '',
        vi.summary.cell(cell.state),
        ...summary.indicators.map((i) => cellValue(i, numberOf(cell.unitId, i.key))),
      ]);
    }
    const totals = summary.indicators.map((i) =>
      cellValue(
        i,
        combineUnits(
          i.aggregate,
          period.cells.map((c) => numberOf(c.unitId, i.key)),
        ),
      ),
    );
    sheet.addRow([t.cluster, '', ...totals]).font = { bold: true };
    sheet.getColumn(1).width = 34;
    sheet.getColumn(2).width = 14;
    summary.indicators.forEach((indicator, i) => {
      const column = sheet.getColumn(3 + i);
      column.width = 16;
      column.numFmt = formatOf(indicator);
    });
  }
}

/** Every answer that is not a number (texts, choices, dates, yes/no): period, unit, question, answer. */
function addTextSheet(book: ExcelJS.Workbook, data: SummaryDocumentData): void {
  const t = sheetTexts;
  const sheet = book.addWorksheet(t.textSheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  styleHeader(sheet.addRow([t.period, t.unit, t.question, t.answer]));
  const names = new Map(data.summary.units.map((u) => [u.id, u.name]));
  const textFields = data.fields.filter((f) => f.type !== 'integer' && f.type !== 'decimal' && f.type !== 'percent');
  for (const report of data.answers)
    for (const field of textFields) {
      const text = answerText(field, report.values[field.key]);
      if (text === '') continue;
      const row = sheet.addRow([report.periodKey, names.get(report.unitId) ?? '', field.label, text]);
      row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    }
  sheet.getColumn(1).width = 10;
  sheet.getColumn(2).width = 30;
  sheet.getColumn(3).width = 34;
  sheet.getColumn(4).width = 80;
}

function addSourceSheet(book: ExcelJS.Workbook, { summary }: SummaryDocumentData): void {
  const t = sheetTexts;
  const source = book.addWorksheet(t.sourceSheet);
  const missing = summary.completeness.units
    .filter((u) => u.missing > 0)
    .map((u) => summary.units.find((unit) => unit.id === u.unitId)?.name ?? '');
  source.addRows([
    [t.report, summary.templateTitle],
    [t.window, vi.summary.windowName(summary.window)],
    [t.generatedAt, stamp(summary.generatedAt)],
    [t.periods, summary.completeness.periods.length],
    [t.missing, missing.join(', ') || t.none],
    [t.schedule, summary.scheduleCode],
    [t.timeZone, t.timeZoneValue],
  ]);
  source.getColumn(1).width = 28;
  source.getColumn(1).font = { bold: true };
  source.getColumn(2).width = 60;
}
