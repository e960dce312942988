import { describe, expect, it } from 'vitest';
import {
  columnLetter,
  readCell,
  readTargetsSheet,
  sheetNameYear,
  type SheetError,
  type SheetIndicator,
  type SheetInput,
} from '../../src/domain/targets-sheet.js';
import { vi } from '../../src/i18n/vi.js';

const units = [
  { code: 'HYN', name: 'Hội CCB tỉnh Hưng Yên' },
  { code: 'TBH', name: 'Hội CCB tỉnh Thái Bình' },
  { code: 'LEAD', name: 'Hội CCB tỉnh Nam Định' },
];
const indicators: SheetIndicator[] = [
  { key: 'hoi_vien_moi', label: 'Số hội viên mới kết nạp', kind: 'integer', unit: 'người' },
  { key: 'von_vay', label: 'Vốn vay', kind: 'decimal' },
  { key: 'ty_le', label: 'Tỷ lệ tham gia', kind: 'percent' },
];
const HEADER = ['Mã đơn vị', 'Đơn vị', 'Số hội viên mới kết nạp', 'Vốn vay', 'Tỷ lệ tham gia'];

function read(rows: unknown[][], more: Partial<SheetInput> = {}) {
  return readTargetsSheet({ sheetName: 'Chỉ tiêu 2026', rows, units, indicators, ...more });
}
function errorsOf(rows: unknown[][], more: Partial<SheetInput> = {}): SheetError[] {
  const result = read(rows, more);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}
const messages = (errors: SheetError[]) => errors.map((e) => vi.targets.sheetError(e));

describe('the targets sheet', () => {
  it('matches a name or a header as written before matching it without diacritics, and never guesses between two', () => {
    const phu = [
      { code: 'A1', name: 'Hội CCB xã An Phú' },
      { code: 'A2', name: 'Hội CCB xã Ấn Phú' },
    ];
    const funds: SheetIndicator[] = [
      { key: 'quy', label: 'Quỹ', kind: 'decimal', unit: 'triệu đồng' },
      { key: 'x', label: 'quy', kind: 'decimal' },
    ];
    const sheet = (name: string, header: string) =>
      readTargetsSheet({
        sheetName: 'Chỉ tiêu 2026',
        rows: [
          ['Đơn vị', header],
          [name, 5],
        ],
        units: phu,
        indicators: funds,
      });
    // As written: the unit and the indicator the sheet names, not the last one that folds alike.
    expect(sheet('Hội CCB xã An Phú', 'Quỹ (triệu đồng)')).toEqual({
      ok: true,
      year: 2026,
      targets: [{ unitCode: 'A1', indicator: 'quy', value: 5 }],
    });
    expect(sheet('hội ccb xã ấn phú', 'x')).toMatchObject({ ok: true, targets: [{ unitCode: 'A2', indicator: 'x' }] });
    // "QUY" is the key of one and the label of the other: reported, not guessed.
    expect(sheet('Hội CCB xã An Phú', 'QUY')).toMatchObject({ ok: false, errors: [{ kind: 'unknown_indicator' }] });
    // Without diacritics, either unit could be meant: it is reported, not guessed.
    expect(sheet('Hoi CCB xa An Phu', 'x')).toMatchObject({ ok: false, errors: [{ kind: 'unknown_unit', row: 2 }] });
  });

  it('reads a hyperlink whose text is rich text, and a minus zero as zero', () => {
    const result = read([
      HEADER,
      ['HYN', '', { text: { richText: [{ text: '1' }, { text: '20' }] }, hyperlink: 'http://x' }, -0, '-0'],
    ]);
    expect(result).toEqual({
      ok: true,
      year: 2026,
      targets: [
        { unitCode: 'HYN', indicator: 'hoi_vien_moi', value: 120 },
        { unitCode: 'HYN', indicator: 'von_vay', value: 0 },
        { unitCode: 'HYN', indicator: 'ty_le', value: 0 },
      ],
    });
    expect(result.ok && result.targets.every((t) => !Object.is(t.value, -0))).toBe(true);
  });

  it('reads real numbers and Vietnamese text numbers; an empty cell is no change', () => {
    const result = read([
      HEADER,
      ['HYN', 'Hội CCB tỉnh Hưng Yên', 120, '2,5', '85%'],
      ['tbh', '', '1.500', null, 90],
      [],
      ['LEAD', '', { formula: 'B2*2', result: 60 }, { richText: [{ text: '1.250' }, { text: ',75' }] }, ''],
    ]);
    expect(result).toEqual({
      ok: true,
      year: 2026,
      targets: [
        { unitCode: 'HYN', indicator: 'hoi_vien_moi', value: 120 },
        { unitCode: 'HYN', indicator: 'von_vay', value: 2.5 },
        { unitCode: 'HYN', indicator: 'ty_le', value: 85 },
        { unitCode: 'TBH', indicator: 'hoi_vien_moi', value: 1500 },
        { unitCode: 'TBH', indicator: 'ty_le', value: 90 },
        { unitCode: 'LEAD', indicator: 'hoi_vien_moi', value: 60 },
        { unitCode: 'LEAD', indicator: 'von_vay', value: 1250.75 },
      ],
    });
  });

  it('takes headers by key, by label with its unit, in any case and without diacritics; a unit by name when its code is empty', () => {
    const result = read([
      ['ma don vi', 'Đơn vị', 'SỐ HỘI VIÊN MỚI KẾT NẠP (người)', 'von_vay', 'ty le tham gia'],
      ['', 'Hội CCB tỉnh Thái Bình', 5, 1, 2],
    ]);
    expect(result.ok && result.targets.map((t) => t.value)).toEqual([5, 1, 2]);
    expect(result.ok && result.targets[0]!.unitCode).toBe('TBH');
  });

  it('names the row, the column and the header of each bad value, in Vietnamese', () => {
    const errors = errorsOf([
      HEADER,
      ['HYN', '', '12a', 'abc', 101],
      ['TBH', '', -3, '-0,5', '150%'],
      ['LEAD', '', 12.5, '1,500', true],
      ['XYZ', '', '9'.repeat(20), '', ''],
    ]);
    expect(errors.map((e) => [e.kind, 'row' in e ? `${e.row}${'column' in e ? e.column : ''}` : ''])).toEqual([
      ['not_a_number', '2C'],
      ['not_a_number', '2D'],
      ['percent_range', '2E'],
      ['negative', '3C'],
      ['negative', '3D'],
      ['percent_range', '3E'],
      ['not_whole', '4C'],
      ['ambiguous', '4D'],
      ['not_a_number', '4E'],
      ['unknown_unit', '5A'],
      ['too_large', '5C'],
    ]);
    expect(messages(errors)).toEqual([
      'Dòng 2, cột C (Số hội viên mới kết nạp): «12a» không phải là số.',
      'Dòng 2, cột D (Vốn vay): «abc» không phải là số.',
      'Dòng 2, cột E (Tỷ lệ tham gia): 101 phải từ 0 đến 100 (%).',
      'Dòng 3, cột C (Số hội viên mới kết nạp): -3 là số âm; chỉ tiêu phải từ 0 trở lên.',
      'Dòng 3, cột D (Vốn vay): -0,5 là số âm; chỉ tiêu phải từ 0 trở lên.',
      'Dòng 3, cột E (Tỷ lệ tham gia): 150 phải từ 0 đến 100 (%).',
      'Dòng 4, cột C (Số hội viên mới kết nạp): 12,5 phải là số nguyên.',
      'Dòng 4, cột D (Vốn vay): «1,500» chưa rõ là 1,5 hay 1.500; xin viết 1.500 (nghìn) hoặc 1,5 (thập phân).',
      'Dòng 4, cột E (Tỷ lệ tham gia): «TRUE» không phải là số.',
      'Dòng 5, cột A (Mã đơn vị): không có đơn vị «XYZ» trong cụm.',
      'Dòng 5, cột C (Số hội viên mới kết nạp): «99999999999999999999» quá lớn.',
    ]);
  });

  it('refuses a unit given twice, a row without a unit, unknown and repeated indicator headers', () => {
    const errors = errorsOf([
      [...HEADER, 'Ghi chú', 'hoi_vien_moi', 'Vốn vay (triệu đồng)'],
      ['HYN', '', 1],
      ['TBH', '', 2],
      ['hyn', '', 3],
      ['', '', 4],
      ['', 'Hội CCB tỉnh Hà Nội', 5],
      ['TBH', '', 6],
    ]);
    expect(messages(errors)).toEqual([
      'Dòng 1, cột F: «Ghi chú» không phải tên chỉ tiêu nào của cụm.',
      'Dòng 1, cột G: chỉ tiêu «hoi_vien_moi» đã có ở cột C.',
      'Dòng 1, cột H: chỉ tiêu «Vốn vay (triệu đồng)» đã có ở cột D.',
      'Dòng 4, cột A (Mã đơn vị): đơn vị «hyn» đã có ở dòng 2.',
      'Dòng 5, cột A (Mã đơn vị): thiếu mã đơn vị.',
      'Dòng 6, cột A (Mã đơn vị): không có đơn vị «Hội CCB tỉnh Hà Nội» trong cụm.',
      'Dòng 7, cột A (Mã đơn vị): đơn vị «TBH» đã có ở dòng 3.',
    ]);
  });

  it('refuses an empty sheet, a sheet without a unit column or without an indicator column', () => {
    expect(errorsOf([])).toEqual([{ kind: 'empty' }]);
    expect(errorsOf([[null, ''], []])).toEqual([{ kind: 'empty' }]);
    expect(
      errorsOf([
        ['Tên', 'Số hội viên mới kết nạp'],
        ['HYN', 3],
      ]).map((e) => e.kind),
    ).toEqual(['unknown_indicator', 'no_unit_column']);
    expect(
      errorsOf([
        ['Mã đơn vị', 'Đơn vị'],
        ['HYN', 'x'],
      ]).map((e) => e.kind),
    ).toEqual(['no_indicator']);
    expect(errorsOf([HEADER, ...Array.from({ length: 501 }, () => ['HYN'])])).toEqual([
      { kind: 'too_many_rows', max: 500 },
    ]);
  });

  it('reads the year from the sheet name, else the year asked for; refuses a missing, invalid or different year', () => {
    const rows = [HEADER, ['HYN', '', 1]];
    expect(read(rows, { sheetName: 'Sheet1', defaultYear: 2027 })).toMatchObject({ ok: true, year: 2027 });
    expect(read(rows, { sheetName: 'CT 2026 bản 2' })).toMatchObject({ ok: true, year: 2026 });
    expect(read(rows, { sheetName: 'Chỉ tiêu 2026', defaultYear: 2027 })).toMatchObject({ ok: true, year: 2026 });
    expect(read(rows, { sheetName: 'Chỉ tiêu', askedYear: 2025 })).toMatchObject({ ok: true, year: 2025 });
    expect(messages(errorsOf(rows, { sheetName: 'Trang 1' }))).toEqual([
      'Không rõ năm của chỉ tiêu: tên trang tính «Trang 1» không có năm (ví dụ «Chỉ tiêu 2026»).',
    ]);
    for (const name of ['Chỉ tiêu 20266', 'Chỉ tiêu 1999', 'Chỉ tiêu 2026-2027'])
      expect(errorsOf(rows, { sheetName: name }).map((e) => e.kind)).toEqual(['year_invalid']);
    expect(messages(errorsOf(rows, { askedYear: 2027 }))).toEqual([
      'Trang tính ghi năm 2026, nhưng đang nhập chỉ tiêu năm 2027.',
    ]);
    // Problems of the cells are reported with the year's.
    expect(errorsOf([HEADER, ['HYN', '', 'x']], { sheetName: 'Bảng 123456' }).map((e) => e.kind)).toEqual([
      'year_invalid',
      'not_a_number',
    ]);
  });

  it('reads cells the way exceljs gives them', () => {
    expect(readCell(null)).toEqual({ kind: 'empty' });
    expect(readCell('  ')).toEqual({ kind: 'empty' });
    expect(readCell('１２')).toEqual({ kind: 'text', text: '12' });
    expect(readCell({ formula: 'A1', result: 7 })).toEqual({ kind: 'number', value: 7 });
    expect(readCell({ formula: 'A1' })).toEqual({ kind: 'text', text: '=A1' });
    expect(readCell({ error: '#DIV/0!' })).toEqual({ kind: 'text', text: '#DIV/0!' });
    expect(readCell({ text: 'x', hyperlink: 'http://a' })).toEqual({ kind: 'text', text: 'x' });
    expect(readCell(new Date('2026-03-05T00:00:00Z'))).toEqual({ kind: 'text', text: '05/03/2026' });
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
    expect(sheetNameYear('Chỉ tiêu ２０２６')).toBe(2026);
  });

  it('keeps every problem line short whatever the sheet holds', () => {
    const long = 'x'.repeat(5000);
    const errors = errorsOf(
      [
        [...HEADER, long],
        [long, long, long],
      ],
      { sheetName: `${long} 1` },
    );
    for (const line of messages(errors)) expect(line.length).toBeLessThan(240);
  });
});
