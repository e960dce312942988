/**
 * The summary as an Excel workbook (XLSX, written by exceljs): a sheet "Tổng hợp" of units ×
 * indicators for the window (value in the window, year to date, yearly target, % of target)
 * with the cluster's totals and the units still low marked, and a sheet "Nguồn" naming the
 * source (schedule, window, generated at in Asia/Ho_Chi_Minh, units missing). Numbers are
 * real numbers with number formats, never text, so the leader can sum and sort them.
 */
import ExcelJS from 'exceljs';
import { formatDateTime } from '../domain/dates.js';
import type { ClusterSummary } from '../domain/summary/build.js';
import { vi } from '../i18n/vi.js';

/** The fill of a cell whose unit is still low on that indicator (light red), and of the header (light grey). */
const LOW_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8D7DA' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9ECEF' } };
const NUMBER = '#,##0.##';
const PERCENT = '0%';

/** The columns of one indicator, in order. */
const PARTS = ['value', 'ytd', 'target', 'percent'] as const;

/** The workbook's bytes and the file name to send it under ("tong-hop-thang-2026-Q1.xlsx"). */
export async function summaryWorkbook(
  summary: ClusterSummary & { windowKey: string },
): Promise<{ fileName: string; bytes: Buffer }> {
  const t = vi.summary.sheet;
  const book = new ExcelJS.Workbook();
  book.creator = 'cum-thi-dua-bot';
  book.created = summary.generatedAt;

  const sheet = book.addWorksheet(t.summarySheet, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  // Row 1: each indicator's label over its four columns; row 2: what each column holds.
  const top = [t.unit, ...summary.indicators.flatMap((i) => [`${i.label}${i.unit ? ` (${i.unit})` : ''}`, '', '', ''])];
  const second = ['', ...summary.indicators.flatMap(() => PARTS.map((p) => t.column[p]))];
  sheet.addRow(top);
  sheet.addRow(second);
  summary.indicators.forEach((_, i) => sheet.mergeCells(1, 2 + i * 4, 1, 5 + i * 4));
  sheet.mergeCells(1, 1, 2, 1);
  for (const row of [1, 2])
    sheet.getRow(row).eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = HEAD_FILL;
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    });

  const values = (r: { value?: number; ytd?: number; target?: number; percentOfTarget?: number }) => [
    r.value ?? null,
    r.ytd ?? null,
    r.target ?? null,
    r.percentOfTarget === undefined ? null : r.percentOfTarget / 100,
  ];
  summary.units.forEach((unit) => {
    const row = sheet.addRow([
      unit.name,
      ...summary.indicators.flatMap((i) => values(i.units.find((u) => u.unitId === unit.id) ?? {})),
    ]);
    summary.indicators.forEach((indicator, i) => {
      if (indicator.stillLow.includes(unit.id)) row.getCell(5 + i * 4).fill = LOW_FILL;
    });
  });
  const total = sheet.addRow([t.cluster, ...summary.indicators.flatMap((i) => values(i.cluster))]);
  total.font = { bold: true };

  sheet.getColumn(1).width = 34;
  summary.indicators.forEach((_, i) =>
    PARTS.forEach((part, j) => {
      const column = sheet.getColumn(2 + i * 4 + j);
      column.width = 14;
      column.numFmt = part === 'percent' ? PERCENT : NUMBER;
    }),
  );
  sheet.addRow([]);
  sheet.addRow([t.lowLegend]).getCell(1).fill = LOW_FILL;

  const source = book.addWorksheet(t.sourceSheet);
  const missing = summary.completeness.units
    .filter((u) => u.missing > 0)
    .map((u) => summary.units.find((unit) => unit.id === u.unitId)?.name ?? '');
  source.addRows([
    [t.report, summary.templateTitle],
    [t.window, vi.summary.windowName(summary.window)],
    [t.generatedAt, formatDateTime(summary.generatedAt)],
    [t.periods, summary.completeness.periods.length],
    [t.missing, missing.join(', ') || t.none],
  ]);
  source.getColumn(1).width = 28;
  source.getColumn(1).font = { bold: true };
  source.getColumn(2).width = 60;

  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  return { fileName: `tong-hop-${summary.windowKey.replace(/[^A-Za-z0-9-]/g, '-')}.xlsx`, bytes };
}
