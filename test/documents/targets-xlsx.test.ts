import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTargetsSheet } from '../../src/domain/targets-sheet.js';
import { readTargetsWorkbook, targetsTemplate, zipUnpackedSize } from '../../src/documents/targets-xlsx.js';
import type { TargetsState } from '../../src/services/targets.js';

const state: TargetsState = {
  clusterId: 1,
  clusterName: 'Cụm thi đua số 4',
  year: 2027,
  units: [
    { id: 11, code: 'HYN', name: 'Hội CCB tỉnh Hưng Yên' },
    { id: 12, code: 'TBH', name: 'Hội CCB tỉnh Thái Bình' },
  ],
  indicators: [
    { key: 'hoi_vien_moi', label: 'Số hội viên mới kết nạp', kind: 'integer', unit: 'người' },
    { key: 'von', label: 'Vốn hỗ trợ', kind: 'decimal', unit: 'triệu đồng' },
    { key: 'ty_le', label: 'Tỷ lệ tham gia', kind: 'percent' },
  ],
  targets: [
    { unitId: 11, indicator: 'hoi_vien_moi', value: 120, source: 'config', updatedAt: new Date() },
    { unitId: 12, indicator: 'ty_le', value: 85, source: 'import', updatedAt: new Date() },
  ],
};

describe('the targets workbook', () => {
  it('writes the template the reader reads back: headers with units, numbers with formats, a frozen header, a guide', async () => {
    const file = await targetsTemplate(state);
    expect(file.fileName).toBe('chi-tieu-2027.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Chỉ tiêu 2027');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Mã đơn vị',
      'Đơn vị',
      'Số hội viên mới kết nạp (người)',
      'Vốn hỗ trợ (triệu đồng)',
      'Tỷ lệ tham gia (%)',
    ]);
    expect(['C2', 'D2', 'E3'].map((c) => [sheet.getCell(c).value, sheet.getCell(c).numFmt])).toEqual([
      [120, '#,##0'],
      [null, '#,##0.##'],
      [85, '0.##'],
    ]);
    expect(book.getWorksheet('Hướng dẫn')!.getCell('A1').value).toBe('Chỉ tiêu năm 2027 — Cụm thi đua số 4');

    const read = await readTargetsWorkbook(file.bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(readTargetsSheet({ ...read, units: state.units, indicators: state.indicators })).toEqual({
      ok: true,
      year: 2027,
      targets: [
        { unitCode: 'HYN', indicator: 'hoi_vien_moi', value: 120 },
        { unitCode: 'TBH', indicator: 'ty_le', value: 85 },
      ],
    });
  });

  it('reads a number shown as a percent as what the person sees, and refuses what is no workbook', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Chỉ tiêu 2027');
    sheet.addRow(['Mã đơn vị', 'Tỷ lệ tham gia']);
    sheet.addRow(['HYN', 0.855]);
    sheet.getCell('B2').numFmt = '0.0%';
    const read = await readTargetsWorkbook(Buffer.from(await book.xlsx.writeBuffer()));
    expect(read).toEqual({
      ok: true,
      sheetName: 'Chỉ tiêu 2027',
      rows: [
        ['Mã đơn vị', 'Tỷ lệ tham gia'],
        ['HYN', 85.5],
      ],
    });

    expect(await readTargetsWorkbook(Buffer.from('Mã đơn vị;Tỷ lệ\nHYN;85'))).toEqual({
      ok: false,
      error: { kind: 'not_xlsx' },
    });
    // A zip that is no workbook.
    expect(await readTargetsWorkbook(Buffer.from('PK\x03\x04 broken', 'latin1'))).toEqual({
      ok: false,
      error: { kind: 'not_xlsx' },
    });
  });

  it('reads the first visible sheet, only the cells that hold something, and drops rows that are only formatted', async () => {
    const book = new ExcelJS.Workbook();
    const hidden = book.addWorksheet('Cũ 2025', { state: 'hidden' });
    hidden.addRow(['Mã đơn vị', 'Tỷ lệ tham gia']);
    hidden.addRow(['HYN', 10]);
    const sheet = book.addWorksheet('Chỉ tiêu 2026');
    sheet.addRow(['Mã đơn vị', 'Tỷ lệ tham gia']);
    sheet.addRow(['HYN', 85]);
    // A note at the far right (column XFD) and a border drawn down to row 400.
    sheet.getCell('XFD2').value = 'ghi chú';
    for (let r = 3; r <= 400; r++) sheet.getCell(`B${r}`).border = { left: { style: 'thin' } };
    const started = performance.now();
    const read = await readTargetsWorkbook(Buffer.from(await book.xlsx.writeBuffer()));
    expect(read).toEqual({
      ok: true,
      sheetName: 'Chỉ tiêu 2026',
      rows: [
        ['Mã đơn vị', 'Tỷ lệ tham gia'],
        ['HYN', 85],
      ],
    });
    // 16,384 columns would have been 16,384 cells made for nothing.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses, before unpacking it, a file whose parts unpack to far more than any sheet', async () => {
    const book = new ExcelJS.Workbook();
    // 40 MB of one letter: a few KB once zipped.
    book.addWorksheet('Chỉ tiêu 2026').addRow(['Mã đơn vị', 'x'.repeat(40 * 2 ** 20)]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(bytes.length).toBeLessThan(2 * 2 ** 20);
    expect(zipUnpackedSize(bytes)).toBeGreaterThan(40 * 2 ** 20);
    expect(await readTargetsWorkbook(bytes)).toEqual({ ok: false, error: { kind: 'too_big', maxMb: 2 } });
  });
});
