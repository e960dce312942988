import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { docxText } from '../support/documents.js';
import { harnessPerTest, type TestUser } from '../support/harness.js';
import { decodePng, inkedPixels, pngSize } from '../support/png.js';

// The charts as drawn, unless a test makes their rendering fail (the bot runs in this process).
const charts = vi.hoisted(() => ({ fail: false }));
vi.mock('../../src/documents/summary-charts.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/documents/summary-charts.js')>();
  return {
    ...actual,
    summaryCharts: (...args: Parameters<typeof actual.summaryCharts>) =>
      charts.fail
        ? Promise.reject(new actual.ChartFontMissing(['/gone/DejaVuSans.ttf']))
        : actual.summaryCharts(...args),
  };
});

// The test cluster with yearly targets (new members: Hưng Yên 120, Thái Bình 120, Nam Định 60).
const SUMMARY_CONFIG = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));
// The same cluster with the month's summary eight days after the deadline (25th): in the next month.
const LATE_SUMMARY_CONFIG = join(mkdtempSync(join(tmpdir(), 'summary-late-')), 'cluster.yaml');
writeFileSync(
  LATE_SUMMARY_CONFIG,
  readFileSync(SUMMARY_CONFIG, 'utf8').replace('daysAfterDeadline: 2', 'daysAfterDeadline: 8'),
);

/** Files the month's report: new members, the end-of-month total (or skipped), a highlight. */
async function file(user: TestUser, members: string, total?: string): Promise<void> {
  await user.say('/baocao', 'Câu 1/3');
  await user.say(members, 'Câu 2/3');
  if (total) await user.say(total, 'Câu 3/3');
  else await user.press('Bỏ qua', 'Câu 3/3');
  await user.say('Sinh hoạt đều', 'Xin kiểm tra lại');
  await user.press('Gửi báo cáo', 'Đã gửi');
}

describe('the consolidated summary in chat', () => {
  const h = harnessPerTest({ now: '2026-01-20T09:00:00+07:00', configPath: SUMMARY_CONFIG });

  async function january_and_february() {
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const lan = await h.join(201, 'Lan', 'HYN');
    const minh = await h.join(202, 'Minh', 'TBH');
    await file(lan, '10', '900');
    await file(minh, '30');
    h.clock.set('2026-02-20T09:00:00+07:00');
    await file(lan, '5');
    h.clock.set('2026-03-02T09:00:00+07:00');
    return { leader, lan, minh };
  }

  it('the leader taps 📈, chooses the quarter and reads totals against targets and who is still low', async () => {
    const { leader, minh } = await january_and_february();
    await minh.say('/start');
    await minh.press('Gửi kiến nghị', () => true);
    await minh.say('Đề nghị hỗ trợ kinh phí tổ chức hội thao', 'Đã gửi');

    await leader.say('/start');
    const choose = await leader.press('📈 Tổng hợp', 'muốn tổng hợp kỳ nào');
    expect(leader.buttons(choose)).toEqual(expect.arrayContaining(['Quý I/2026 (đang diễn ra)', 'Tháng 1/2026']));
    const summary = await leader.press('Quý I/2026', 'TỔNG HỢP QUÝ I/2026');
    const text = summary.text!;
    // January: 2 on time, Nam Định missing; February: Hưng Yên on time, the others missing.
    expect(text).toContain('3 đúng hạn · 0 nộp muộn · 3 chưa nộp');
    // 10 + 30 + 5 new members; year to date 45 of the targets 120 + 120 + 60 = 300 (15%).
    expect(text).toContain('Số hội viên mới kết nạp: trong kỳ 45 người; lũy kế 45 người/300 (15%)');
    // By the end of February 2/12 of a year's target is expected; Hưng Yên has 15/120, under 16,7% less 20%.
    expect(text).toMatch(/Còn thấp: Hội CCB tỉnh Hưng Yên(?!, Hội CCB tỉnh Thái Bình)/);
    expect(text).toContain('Kiến nghị của đơn vị</b>: 1');
    expect(text).toContain('Hội CCB tỉnh Thái Bình: Đề nghị hỗ trợ kinh phí tổ chức hội thao');

    // Then the charts as one album, then the files' buttons (an album carries none).
    const filesPrompt = await leader.waitFor('Tệp tổng hợp Quý I/2026', { includeExisting: true });
    expect(leader.buttons(summary)).toEqual([]);
    expect(leader.buttons(filesPrompt)).toEqual([
      '📊 Tải bảng tổng hợp (Excel)',
      '📝 Tải dự thảo báo cáo (Word)',
      '📄 Tải số liệu gốc (CSV)',
    ]);
    const album = leader.messages().filter((m) => m.message_id > summary.message_id && m.kind === 'photo');
    expect(album).toHaveLength(3);
    expect(album.every((m) => m.message_id < filesPrompt.message_id)).toBe(true);
    expect(new Set(album.map((m) => m.media_group_id)).size).toBe(1);
    expect(album[0]!.media_group_id).toBeDefined();
    expect(album.map((m) => m.caption)).toEqual([
      '📊 Nộp báo cáo Quý I/2026: 3 đúng hạn, 0 nộp muộn, 3 chưa nộp',
      '🎯 Số hội viên mới kết nạp: % chỉ tiêu năm của từng đơn vị (1 đơn vị còn thấp)',
      '📈 Số hội viên mới kết nạp: diễn biến toàn cụm năm 2026',
    ]);
    expect(album.map((m) => m.file!.name)).toEqual([
      'bieu-do-nop-bao-cao-2026-Q1.png',
      'bieu-do-chi-tieu-2026-Q1.png',
      'bieu-do-dien-bien-2026-Q1.png',
    ]);
    for (const photo of album) {
      const bytes = photo.file!.bytes!;
      expect(pngSize(bytes).width).toBe(1080);
      expect(inkedPixels(decodePng(bytes))).toBeGreaterThan(10_000);
    }

    // The workbook: real numbers with formats, the totals, the still-low cell marked, frozen headers.
    const sent = await leader.press('Tải bảng tổng hợp', (m) => m.file?.field === 'document');
    expect(sent.file!.name).toBe('tong-hop-thang-2026-Q1.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sent.file!.bytes! as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Tổng hợp')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    expect(sheet.getCell('B1').value).toBe('Số hội viên mới kết nạp (người)');
    expect([2, 3, 4, 5].map((c) => sheet.getRow(2).getCell(c).value)).toEqual([
      'Trong kỳ',
      'Lũy kế năm',
      'Chỉ tiêu năm',
      '% chỉ tiêu',
    ]);
    const rows = [3, 4, 5, 6].map((r) => sheet.getRow(r));
    expect(rows.map((r) => r.getCell(1).value)).toEqual([
      'Hội CCB tỉnh Hưng Yên',
      'Hội CCB tỉnh Thái Bình',
      'Hội CCB tỉnh Nam Định',
      'Toàn cụm',
    ]);
    expect([2, 3, 4].map((c) => rows[0]!.getCell(c).value)).toEqual([15, 15, 120]);
    expect(rows[0]!.getCell(5).value).toBeCloseTo(0.125);
    expect(rows[0]!.getCell(5).numFmt).toBe('0.0%');
    expect(rows[0]!.getCell(2).numFmt).toBe('#,##0');
    expect((rows[0]!.getCell(5).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFF8D7DA');
    expect((rows[1]!.getCell(5).fill as { pattern?: string } | undefined)?.pattern ?? 'none').toBe('none');
    expect([2, 3, 4].map((c) => rows[3]!.getCell(c).value)).toEqual([45, 45, 300]);
    const source = book.getWorksheet('Nguồn')!;
    expect(source.getCell('B2').value).toBe('Quý I/2026');
    expect(source.getCell('B5').value).toBe('Hội CCB tỉnh Thái Bình, Hội CCB tỉnh Nam Định');
  });

  it('a chart that cannot be drawn is left out: the summary and the buttons still come', async () => {
    const { leader } = await january_and_february();
    charts.fail = true;
    try {
      await leader.say('/tonghop', 'muốn tổng hợp kỳ nào');
      const summary = await leader.press('Tháng 1/2026', 'TỔNG HỢP THÁNG 1/2026');
      expect(leader.buttons(summary)).toEqual([
        '📊 Tải bảng tổng hợp (Excel)',
        '📝 Tải dự thảo báo cáo (Word)',
        '📄 Tải số liệu gốc (CSV)',
      ]);
      await leader.press('Tải bảng tổng hợp', (m) => m.file?.name === 'tong-hop-thang-2026-01.xlsx');
      expect(leader.messages().filter((m) => m.kind === 'photo')).toEqual([]);
    } finally {
      charts.fail = false;
    }
  });

  it('a unit sees its own progress, its rank and no other unit’s numbers; the leader’s summary is refused to it', async () => {
    const { lan } = await january_and_february();
    await lan.say('/start');
    await lan.press('📈 Tiến độ chỉ tiêu', 'muốn xem tiến độ kỳ nào');
    const progress = await lan.press('Quý I/2026', 'TIẾN ĐỘ CHỈ TIÊU');
    const text = progress.text!;
    expect(text).toContain('Hội CCB tỉnh Hưng Yên');
    expect(text).toContain('lũy kế 15 người/120 (13%) — <b>còn thấp</b>');
    expect(text).toContain('xếp thứ 2/2 trong cụm');
    expect(text).not.toContain('Thái Bình');
    expect(text).not.toMatch(/\b30\b/);

    // A forged leader's button from a contact: refused, no summary.
    const before = lan.messages().length;
    const waiting = lan.waitFor('chỉ dành cho Cụm trưởng');
    h.emu.pressButton(lan.user, progress.message_id, 'sm:w:l:thang:2026-Q1');
    await waiting;
    expect(
      lan
        .messages()
        .slice(before)
        .some((m) => m.text?.includes('TỔNG HỢP')),
    ).toBe(false);
  });

  it("sends the leader the month's summary by itself at the schedule's summary time, once", async () => {
    const { leader } = await january_and_february();
    h.clock.set('2026-02-27T07:55:00+07:00');
    await h.app.dispatchReminders();
    const count = () => leader.messages().filter((m) => m.text.includes('tự động theo lịch')).length;
    expect(count()).toBe(0);
    // Two days after February's deadline (25/02 17:00), at 08:00.
    h.clock.set('2026-02-27T08:05:00+07:00');
    await h.app.dispatchReminders();
    const sent = leader.messages().filter((m) => m.text.includes('tự động theo lịch'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('TỔNG HỢP THÁNG 2/2026');
    expect(sent[0]!.text).toContain('Số hội viên mới kết nạp: trong kỳ 5 người');
    expect(leader.buttons(sent[0]!)).toEqual([
      '📊 Tải bảng tổng hợp (Excel)',
      '📝 Tải dự thảo báo cáo (Word)',
      '📄 Tải số liệu gốc (CSV)',
    ]);
    await h.app.dispatchReminders();
    h.clock.set('2026-02-27T15:00:00+07:00');
    await h.app.dispatchReminders();
    expect(count()).toBe(1);

    // Its buttons give the month's files: the Word draft and the raw answers.
    const draft = await leader.press('Word', (m) => m.file?.field === 'document');
    expect(draft.file!.name).toBe('tong-hop-thang-2026-02.docx');
    expect(draft.caption).toContain('Dự thảo báo cáo tổng hợp Tháng 2/2026');
    expect(docxText(draft.file!.bytes!)).toContain('Hội CCB tỉnh Hưng Yên');
    const csv = await leader.press('CSV', (m) => m.file?.field === 'document' && m.file.name.endsWith('.csv'));
    const rows = Buffer.from(csv.file!.bytes!)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    expect(rows.filter((r) => r.includes('2026-02') && r.includes('HYN'))).not.toHaveLength(0);
  });

  it('an older summary’s Excel button still gives the workbook', async () => {
    const { leader } = await january_and_february();
    await leader.say('/start');
    await leader.press('📈 Tổng hợp', 'muốn tổng hợp kỳ nào');
    const summary = await leader.press('Tháng 1/2026', 'TỔNG HỢP THÁNG 1/2026');
    const waiting = leader.waitFor((m) => m.file?.field === 'document');
    h.emu.pressButton(leader.user, summary.message_id, 'sm:x:thang:2026-01');
    expect((await waiting).file!.name).toBe('tong-hop-thang-2026-01.xlsx');
  });
});

describe('a summary time after the period’s end', () => {
  const late = harnessPerTest({ now: '2026-01-20T09:00:00+07:00', configPath: LATE_SUMMARY_CONFIG });

  it('the summary whose time falls after the period has ended still comes, and one more than a week late does not', async () => {
    const leader = await late.join(100, 'Luyện', 'LEAD', 'leader');
    const lan = await late.join(201, 'Lan', 'HYN');
    await file(lan, '10');
    late.clock.set('2026-02-20T09:00:00+07:00');
    await file(lan, '5');
    // February's summary is due 05/03 08:00 (eight days after 25/02 17:00): February has ended.
    // January's (02/02 08:00) is 31 days old by then: the bot was not running; it is given up.
    late.clock.set('2026-03-05T08:05:00+07:00');
    await late.app.dispatchReminders();
    const scheduled = leader.messages().filter((m) => m.text.includes('tự động theo lịch'));
    expect(scheduled.map((m) => m.text.split('\n')[0])).toEqual(['📈 <b>TỔNG HỢP THÁNG 2/2026</b>']);
    await late.app.dispatchReminders();
    expect(leader.messages().filter((m) => m.text.includes('tự động theo lịch'))).toHaveLength(1);
  });
});
