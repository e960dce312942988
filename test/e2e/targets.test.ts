import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { syncClusterConfig } from '../../src/store/clusters.js';
import type { BotMessage } from '../emulator/telegram-emulator.js';
import { harnessPerTest, type TestUser } from '../support/harness.js';

// Targets 2026: new members Hưng Yên 120, Thái Bình 120, Nam Định 60; members Hưng Yên 1 000.
const SUMMARY_CONFIG = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));

async function workbookOf(message: BotMessage): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(message.file!.bytes! as unknown as ArrayBuffer);
  return book;
}
const bytesOf = async (book: ExcelJS.Workbook) => Buffer.from(await book.xlsx.writeBuffer());

describe('yearly targets in chat', () => {
  const h = harnessPerTest({ now: '2026-03-02T09:00:00+07:00', configPath: SUMMARY_CONFIG });

  /** The leader opens 🎯 and downloads the template. */
  async function template(leader: TestUser): Promise<ExcelJS.Workbook> {
    await leader.say('/start');
    const overview = await leader.press('🎯 Chỉ tiêu năm', 'Chỉ tiêu năm 2026');
    expect(overview.text).toContain('Đã giao 4/6 chỉ tiêu (3 đơn vị × 2 chỉ tiêu).');
    expect(overview.text).toContain('Chưa đủ: Hội CCB tỉnh Thái Bình (thiếu 1), Hội CCB tỉnh Nam Định (thiếu 1).');
    const sent = await leader.press('Tải mẫu chỉ tiêu', (m) => m.file?.field === 'document');
    expect(sent.file!.name).toBe('chi-tieu-2026.xlsx');
    return workbookOf(sent);
  }

  it('the leader downloads the template, fills it in, sends it back, previews, applies; the summary uses it and a config sync keeps it', async () => {
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const lan = await h.join(201, 'Lan', 'HYN');
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say('10', 'Câu 2/3');
    await lan.press('Bỏ qua', 'Câu 3/3');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    await lan.press('Gửi báo cáo', 'Đã gửi');

    const book = await template(leader);
    const sheet = book.getWorksheet('Chỉ tiêu 2026')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Mã đơn vị',
      'Đơn vị',
      'Số hội viên mới kết nạp (người)',
      'Tổng số hội viên cuối tháng (người)',
    ]);
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(3).value)).toEqual([120, 120, 60]);
    expect(sheet.getCell('D3').value).toBe(null);
    sheet.getCell('C2').value = 150;
    sheet.getCell('D3').value = '1.200';

    await leader.press('Gửi tệp chỉ tiêu', 'Xin gửi tệp Excel (.xlsx) chỉ tiêu năm 2026');
    const preview = await leader.sendFile(
      { kind: 'document', fileId: 'SHEET-1', fileName: 'chi-tieu-2026.xlsx', bytes: await bytesOf(book) },
      'Sẽ cập nhật',
    );
    expect(preview.text).toContain('Sẽ cập nhật 2 chỉ tiêu của 2 đơn vị</b> (năm 2026)');
    expect(preview.text).toContain('Số hội viên mới kết nạp: 120 người → <b>150 người</b>');
    expect(preview.text).toContain('Tổng số hội viên cuối tháng: chưa có → <b>1.200 người</b>');
    const apply = leader.findButton('Áp dụng');
    const done = await leader.press('Áp dụng', 'Đã cập nhật');
    expect(done.text).toContain('Đã cập nhật 2 chỉ tiêu của 2 đơn vị (năm 2026)');

    // The applied preview's button, tapped again, changes nothing.
    const stale = leader.waitFor('Bản xem trước này đã cũ');
    h.emu.pressButton(leader.user, apply.message.message_id, apply.data);
    await stale;
    const audits = await h.db.selectFrom('audit_log').select('details').where('action', '=', 'target.import').execute();
    expect(audits).toHaveLength(2);

    // 📈: Hưng Yên's 10 of the new target 150, the cluster's 150 + 120 + 60.
    const summaryText = async () => {
      await leader.say('/tonghop', 'muốn tổng hợp kỳ nào');
      return (await leader.press('Quý I/2026', 'TỔNG HỢP QUÝ I/2026')).text;
    };
    expect(await summaryText()).toContain('lũy kế 10 người/330');

    // A restart syncs the config again: the imported targets stay.
    await syncClusterConfig(h.db, await loadClusterConfig(SUMMARY_CONFIG), 'test');
    await h.restart();
    expect(await summaryText()).toContain('lũy kế 10 người/330');
  });

  it('a bad sheet gets its problems by row and column, within one message; other files are refused politely', async () => {
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const book = await template(leader);
    const sheet = book.getWorksheet('Chỉ tiêu 2026')!;
    sheet.getCell('C2').value = '12a';
    sheet.getCell('D3').value = -4;
    sheet.addRow(['XYZ', 'Hội CCB tỉnh Hà Nội', 5]);

    await leader.press('Gửi tệp chỉ tiêu', 'Xin gửi tệp Excel');
    const errors = await leader.sendFile(
      { kind: 'document', fileId: 'BAD-1', fileName: 'chi-tieu.xlsx', bytes: await bytesOf(book) },
      'lỗi',
    );
    expect(errors.text).toContain('Tệp có 3 lỗi, chưa cập nhật chỉ tiêu nào');
    expect(errors.text).toContain('Dòng 2, cột C (Số hội viên mới kết nạp (người)): «12a» không phải là số.');
    expect(errors.text).toContain('Dòng 3, cột D (Tổng số hội viên cuối tháng (người)): -4 là số âm');
    expect(errors.text).toContain('Dòng 5, cột A (Mã đơn vị): không có đơn vị «XYZ» trong cụm.');

    // Hundreds of problems with long texts: the first listed, the others counted, one message.
    for (let r = 6; r < 300; r++) sheet.addRow([`${'Đ'.repeat(40)}${r}`, '', '<b>'.repeat(30), 'x'.repeat(300)]);
    const many = await leader.sendFile(
      { kind: 'document', fileId: 'BAD-2', fileName: 'chi-tieu.xlsx', bytes: await bytesOf(book) },
      'lỗi khác',
    );
    expect(many.text.length).toBeLessThan(4096);
    expect(many.text).toMatch(/và \d+ lỗi khác/);

    // Under next year's 📤, this year's sheet is refused, never applied to the year in its name.
    await leader.press('Hủy', 'Đã hủy');
    await leader.press('Năm 2027', 'Chỉ tiêu năm 2027');
    await leader.press('Gửi tệp chỉ tiêu', 'chỉ tiêu năm 2027');
    sheet.spliceRows(5, 300);
    const otherYear = await leader.sendFile(
      { kind: 'document', fileId: 'BAD-3', fileName: 'chi-tieu.xlsx', bytes: await bytesOf(book) },
      'lỗi',
    );
    expect(otherYear.text).toContain('Trang tính ghi năm 2026, nhưng đang nhập chỉ tiêu năm 2027.');

    await leader.sendFile({ kind: 'photo', fileId: 'PHOTO-1' }, 'không gửi ảnh');
    await leader.sendFile(
      { kind: 'document', fileId: 'PDF-1', fileName: 'cong-van.pdf' },
      'không phải bảng tính Excel',
    );
    await leader.sendFile(
      { kind: 'document', fileId: 'FAKE-1', fileName: 'chi-tieu.xlsx', bytes: Buffer.from('hello') },
      'không phải bảng tính Excel (.xlsx) hoặc bị hỏng',
    );
    await leader.sendFile(
      { kind: 'document', fileId: 'BIG-1', fileName: 'chi-tieu.xlsx', fileSize: 25 * 1024 * 1024 },
      'Tệp quá lớn',
    );
    // Nothing was asked of Telegram for the file too big to download.
    expect(h.emu.callsOf('getFile').map((c) => c.params.file_id)).not.toContain('BIG-1');
    expect(await h.db.selectFrom('audit_log').select('id').where('action', '=', 'target.import').execute()).toEqual([]);

    // ✖️ Hủy ends the wait; a sheet sent later is not taken as targets.
    await leader.press('Hủy', 'Đã hủy. Chỉ tiêu giữ nguyên.');
  });

  it('a contact never sees 🎯, and forged buttons are refused', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    const menu = await lan.say('/start');
    expect(lan.buttons(menu)).not.toContain('🎯 Chỉ tiêu năm');
    for (const data of ['m:targets', 'tg:t:2026', 'tg:u:2026', 'tg:a:12345']) {
      const refused = lan.waitFor('chỉ dành cho Cụm trưởng');
      h.emu.pressButton(lan.user, menu.message_id, data);
      await refused;
    }
    expect(lan.messages().some((m) => m.file)).toBe(false);
  });
});
