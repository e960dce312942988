import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOW_FILL, summaryWorkbook } from '../../src/documents/summary-xlsx.js';
import { summaryCsv } from '../../src/documents/summary-csv.js';
import { summaryDraft } from '../../src/documents/summary-docx.js';
import type { Actor } from '../../src/services/actor.js';
import { summaryDocuments, type SummaryDocumentData } from '../../src/services/summary.js';
import { docxText, docxXml } from '../support/documents.js';
import { fileReport, serviceFixture, type ServiceFixture } from '../support/services.js';

const configPath = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));

/** The first quarter of 2026 filed by two units, one with a text that looks like a formula. */
export async function quarterData(f: ServiceFixture, leader: Actor, contact: Actor): Promise<SummaryDocumentData> {
  const file = (unit: string, month: string, values: Record<string, number | string>, sentOn: string) =>
    fileReport(f, { unit, month, values, personId: contact.person.id, at: new Date(`${sentOn}T03:00:00Z`) });
  await file('HYN', '2026-01', { hoi_vien_moi: 10, tong_hoi_vien: 900, noi_bat: 'Kết nạp 10 hội viên' }, '2026-01-20');
  await file(
    'HYN',
    '2026-02',
    { hoi_vien_moi: 10, tong_hoi_vien: 950, noi_bat: 'Thăm hỏi, tặng quà "Tết"' },
    '2026-02-20',
  );
  await file('HYN', '2026-03', { hoi_vien_moi: 1200, tong_hoi_vien: 980, noi_bat: 'Tốt' }, '2026-03-20');
  await file('TBH', '2026-01', { hoi_vien_moi: 5, noi_bat: '=HYPERLINK("http://x")' }, '2026-01-22');
  await file('TBH', '2026-03', { hoi_vien_moi: 5, noi_bat: '-5 hội viên' }, '2026-03-27');
  return summaryDocuments(f.deps, leader, { windowKey: 'thang:2026-Q1' });
}

describe("the summary's files", () => {
  let f: ServiceFixture;
  let data: SummaryDocumentData;
  beforeEach(async () => {
    f = await serviceFixture({ now: '2026-04-10T03:00:00Z', configPath });
    const leader = await f.member(100, 'Luyện', 'LEAD', 'leader');
    const lan = await f.member(201, 'Lan', 'HYN', 'contact');
    data = await quarterData(f, leader, lan);
  });
  afterEach(() => f.close());

  it('reads every answer of the window for the files, texts included, periods and units in order', () => {
    expect(data.answers.map((a) => `${a.periodKey}/${a.unitCode}`)).toEqual([
      '2026-01/HYN',
      '2026-01/TBH',
      '2026-02/HYN',
      '2026-03/HYN',
      '2026-03/TBH',
    ]);
    expect(data.answers[0]!.values).toMatchObject({ noi_bat: 'Kết nạp 10 hội viên', hoi_vien_moi: 10 });
    expect(data.fields.map((x) => [x.key, x.type, x.unit])).toEqual([
      ['hoi_vien_moi', 'integer', 'người'],
      ['tong_hoi_vien', 'integer', 'người'],
      ['noi_bat', 'text', undefined],
    ]);
    expect(data.clusterName).toBe('Cụm thi đua thử nghiệm');
  });

  it('writes a workbook of real numbers with formats, frozen headers, still-low marks, months, texts and source', async () => {
    const file = await summaryWorkbook(data);
    expect(file).toMatchObject({
      fileName: 'tong-hop-thang-2026-Q1.xlsx',
      mime: expect.stringContaining('spreadsheetml'),
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Tổng hợp',
      'Tháng 1-2026',
      'Tháng 2-2026',
      'Tháng 3-2026',
      'Ý kiến, kết quả nổi bật',
      'Nguồn',
    ]);
    const sheet = book.getWorksheet('Tổng hợp')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    expect(sheet.getCell('A3').value).toBe('Hội CCB tỉnh Hưng Yên');
    // HYN: 1 220 new members in the quarter against 120: a real number, formatted "#,##0".
    expect(sheet.getCell('B3').value).toBe(1220);
    expect(sheet.getCell('B3').numFmt).toBe('#,##0');
    expect(sheet.getCell('E3').value).toBeCloseTo(1220 / 120);
    expect(sheet.getCell('E3').numFmt).toBe('0.0%');
    // TBH (10 of 120 by March, 20 % tolerance) is still low: its cells are filled.
    expect(sheet.getCell('A4').value).toBe('Hội CCB tỉnh Thái Bình');
    expect((sheet.getCell('E4').fill as ExcelJS.FillPattern).fgColor?.argb).toBe(
      (LOW_FILL as ExcelJS.FillPattern).fgColor!.argb,
    );
    expect((sheet.getCell('E3').fill as ExcelJS.FillPattern | undefined)?.pattern ?? 'none').toBe('none');
    expect(sheet.getColumn(1).width).toBeGreaterThan(20);
    const legend = sheet.getRows(1, sheet.rowCount)!.find((r) => String(r.getCell(1).value).startsWith('Ô tô đỏ'));
    expect((legend!.getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF8D7DA');

    const march = book.getWorksheet('Tháng 3-2026')!;
    expect(march.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect([1, 2, 3].map((c) => march.getRow(2).getCell(c).value)).toEqual(['Hội CCB tỉnh Hưng Yên', 'đúng hạn', 1200]);
    expect(march.getRow(3).getCell(2).value).toBe('nộp muộn');
    expect(march.getRow(5).getCell(1).value).toBe('Toàn cụm');
    expect(march.getRow(5).getCell(3).value).toBe(1205);

    const texts = book.getWorksheet('Ý kiến, kết quả nổi bật')!;
    expect(texts.getRow(1).values).toEqual([undefined, 'Kỳ', 'Đơn vị', 'Câu hỏi', 'Trả lời']);
    expect(texts.getRow(2).values).toEqual([
      undefined,
      '2026-01',
      'Hội CCB tỉnh Hưng Yên',
      'Kết quả nổi bật',
      'Kết nạp 10 hội viên',
    ]);
    expect(texts.rowCount).toBe(6);

    const source = book.getWorksheet('Nguồn')!;
    expect(source.getCell('B2').value).toBe('Quý I/2026');
    expect(source.getCell('B3').value).toBe('10/04/2026 10:00');
    expect(source.getCell('B5').value).toBe('Hội CCB tỉnh Thái Bình, Hội CCB tỉnh Nam Định');
  });

  it('writes the raw answers as CSV with a BOM, RFC 4180 quoting and formulas defused', () => {
    const file = summaryCsv(data);
    expect(file.fileName).toBe('tong-hop-thang-2026-Q1.csv');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(file.bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual([
      'Kỳ',
      'Mã đơn vị',
      'Đơn vị',
      'Phần',
      'Mã câu hỏi',
      'Câu hỏi',
      'Trả lời',
      'Đơn vị tính',
      'Nộp lúc',
    ]);
    expect(rows).toHaveLength(1 + 3 + 2 + 3 + 3 + 2);
    expect(rows[1]).toEqual([
      '2026-01',
      'HYN',
      'Hội CCB tỉnh Hưng Yên',
      'Nhiệm vụ 2: Xây dựng tổ chức',
      'hoi_vien_moi',
      'Số hội viên mới kết nạp',
      '10',
      'người',
      '20/01/2026 10:00',
    ]);
    const answers = rows.filter((r) => r[4] === 'noi_bat').map((r) => r[6]);
    expect(answers).toEqual([
      'Kết nạp 10 hội viên',
      `'=HYPERLINK("http://x")`,
      'Thăm hỏi, tặng quà "Tết"',
      'Tốt',
      "'-5 hội viên",
    ]);
    expect(file.bytes.toString('utf8')).toContain('"Thăm hỏi, tặng quà ""Tết"""');
  });

  it('writes a Word draft in the layout of Decree 30: header, title, sections I–VI in order, quotes, Times New Roman', async () => {
    const file = await summaryDraft({
      ...data,
      documents: { issuingBody: 'Hội Cựu chiến binh tỉnh', place: 'Hưng Yên', signer: { name: 'Nguyễn Văn Luyện' } },
    });
    expect(file).toMatchObject({
      fileName: 'tong-hop-thang-2026-Q1.docx',
      mime: expect.stringContaining('wordprocessingml'),
    });
    const xml = docxXml(file.bytes);
    const text = docxText(file.bytes);
    const order = [
      'HỘI CỰU CHIẾN BINH TỈNH',
      'CỤM THI ĐUA THỬ NGHIỆM',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hưng Yên, ngày 10 tháng 04 năm 2026',
      'BÁO CÁO',
      'Kết quả thực hiện nhiệm vụ quý I/2026',
      'I. TÌNH HÌNH CHUNG',
      'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ',
      '1. Nhiệm vụ 2: Xây dựng tổ chức',
      'Số hội viên mới kết nạp: toàn cụm 1.230 người',
      '2. Nhiệm vụ 5: Thông tin hai chiều',
      // One paragraph a unit, its quotes named by month.
      'Hội CCB tỉnh Hưng Yên: ',
      '«Kết nạp 10 hội viên» (tháng 1/2026); «Thăm hỏi, tặng quà',
      '(tháng 2/2026); «Tốt» (tháng 3/2026)',
      'Hội CCB tỉnh Thái Bình: ',
      'III. CÁC CHỈ TIÊU CÒN THẤP',
      'Số hội viên mới kết nạp: Hội CCB tỉnh Thái Bình (8,3%)',
      'IV. KIẾN NGHỊ',
      'V. CÔNG TÁC CHỈ ĐẠO',
      'VI. PHƯƠNG HƯỚNG',
      'Nơi nhận:',
      'CỤM TRƯỞNG',
      'Nguyễn Văn Luyện',
    ];
    let at = 0;
    for (const part of order) {
      const found = text.indexOf(part, at);
      expect(found, part).toBeGreaterThanOrEqual(0);
      at = found + part.length;
    }
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).not.toMatch(/w:ascii="(?!Times New Roman)/);
    expect(xml).toContain('<w:sz w:val="28"/>');
    // The header's columns in fixed widths (LibreOffice drops percentages): 72 mm for the
    // issuer, 93 mm for the motto, which then keeps to one line.
    const grid = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) =>
      [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((w) => Number(w[1])),
    );
    expect(grid[0]).toEqual([4082, 5273]);
    expect(text.split('Hội CCB tỉnh Hưng Yên: ')).toHaveLength(2);
    // Only Hưng Yên has a target for the month-end total: its own figure is set against it, and said so.
    expect(text).toMatch(
      /Tổng số hội viên cuối tháng: toàn cụm [^|]*lũy kế năm 980 người\/1\.000 người \(98%\) \(1\/3 đơn vị có chỉ tiêu\)/,
    );
  });
});

/** A small RFC 4180 reader: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
