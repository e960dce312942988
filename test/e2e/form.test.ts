import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { type TestUser, harnessPerTest } from '../support/harness.js';

const FULL_FORM = fileURLToPath(new URL('../fixtures/full-form.yaml', import.meta.url));

describe('filling a report with every kind of question', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00', configPath: FULL_FORM });
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));

  const answers = async () =>
    (await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow()).answers as Record<string, unknown>;

  it('takes buttons for choices, yes/no and ticks, typed numbers, percents, dates and texts', async () => {
    const q1 = await lan.say('/baocao', 'Câu 1/');
    expect(lan.buttons(q1)).toEqual(['Ổn định', 'Cần chú ý', 'Phức tạp', '⏸ Tạm dừng']);
    const q2 = await lan.press('Cần chú ý', 'Đã tổ chức Đại hội');
    expect(lan.buttons(q2)).toEqual(['Có', 'Không', '↩️ Quay lại', '⏸ Tạm dừng']);
    // "Có" makes the date question relevant.
    await lan.press('Có', 'Ngày tổ chức Đại hội');
    expect((await lan.say('31/02/2026', '⚠️')).text).toContain('Chưa đúng ngày');
    // 6/12 has not come yet on 20/11, and November is the month reported: asked first.
    const future = await lan.say('6/12', 'Có phải');
    expect(future.text).toContain('Ngày 06/12/2026 chưa tới');
    await lan.press('✅ Đúng', 'Số hội viên mới');
    // 1.500 in one month is above the unit's target for the whole year (500): asked first.
    const unusual = await lan.say('1.500', 'Có phải');
    expect(unusual.text).toContain('chỉ tiêu năm 2026 (500 người)');
    await lan.press('✅ Đúng', 'Loại mô hình mới');
    lan.tap('Kinh tế');
    lan.tap('An ninh trật tự');
    // Two quick ticks: both count.
    await h.emu.waitFor(() => lan.buttons(lan.messages().at(-1)!).filter((b) => b.startsWith('☑️')).length === 2);
    await lan.press('Xong', 'Vốn hỗ trợ');
    await lan.say('2,5', 'Tỷ lệ hội viên');
    expect((await lan.say('120%', '⚠️')).text).toContain('không được lớn hơn 100');
    await lan.say('87,5%', 'Kết quả nổi bật');
    const review = await lan.say('Tổ chức tốt Đại hội thi đua', 'Xin kiểm tra lại');
    for (const line of [
      'Tình hình tư tưởng: Cần chú ý',
      'Đã tổ chức Đại hội thi đua chưa?: Có',
      'Ngày tổ chức Đại hội: 06/12/2026',
      'Số hội viên mới: 1.500 người',
      'Loại mô hình mới: Kinh tế; An ninh trật tự',
      'Vốn hỗ trợ: 2,5 triệu đồng',
      'Tỷ lệ hội viên dự sinh hoạt: 87,5%',
    ]) {
      expect(review.text).toContain(line);
    }
    expect(await answers()).toEqual({
      tu_tuong: 'Cần chú ý',
      dai_hoi: true,
      ngay_dai_hoi: '2026-12-06',
      hoi_vien_moi: 1500,
      loai_mo_hinh: ['Kinh tế', 'An ninh trật tự'],
      von: 2.5,
      ty_le: 87.5,
      noi_bat: 'Tổ chức tốt Đại hội thi đua',
    });
    await lan.press('Gửi báo cáo', 'Đã gửi');
  });

  it('skips a question its condition rules out, and drops it from the review', async () => {
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức Đại hội');
    const q = await lan.press('Không', 'Số hội viên mới');
    expect(q.text).toContain('Câu 3/7');
    await lan.say('3', 'Loại mô hình mới');
    await lan.press('Bỏ qua', 'Vốn hỗ trợ');
    await lan.press('Bỏ qua', 'Tỷ lệ');
    await lan.say('50', 'Kết quả nổi bật');
    const review = await lan.say('Ổn', 'Xin kiểm tra lại');
    expect(review.text).not.toContain('Ngày tổ chức Đại hội');
    expect(review.text).toContain('Loại mô hình mới: (bỏ qua)');
  });

  it('asks which number was meant for "1,500", with buttons', async () => {
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức');
    await lan.press('Không', 'Số hội viên mới');
    // A whole-number question offers only the whole reading.
    const ask = await lan.say('1,500', 'Chưa rõ');
    expect(lan.buttons(ask)).toContain('1.500 người');
    expect(lan.buttons(ask)).not.toContain('1,5 người');
    await lan.press('1.500 người', 'Loại mô hình mới');
    expect((await answers()).hoi_vien_moi).toBe(1500);
  });

  it('goes back to change the previous answer, then returns where it was', async () => {
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Phức tạp', 'Đã tổ chức');
    const back = await lan.press('Quay lại', 'Tình hình tư tưởng');
    expect(back.text).toContain('Hiện tại: Phức tạp');
    await lan.press('Ổn định', 'Đã tổ chức');
    expect((await answers()).tu_tuong).toBe('Ổn định');
  });

  it('pauses without losing anything and resumes at the same question', async () => {
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức');
    const paused = await lan.press('Tạm dừng', 'Đã tạm dừng');
    expect(lan.buttons(paused)[0]).toBe('▶️ Tiếp tục báo cáo');
    // Text while paused is not an answer.
    await lan.say('Có', 'Xin đồng chí chọn việc cần làm');
    await lan.press('Tiếp tục báo cáo', 'Đã tổ chức Đại hội');
    expect(await answers()).toEqual({ tu_tuong: 'Ổn định' });
  });

  it('shows last period’s number and reuses it with one tap', async () => {
    // October's report, submitted.
    h.clock.set('2026-10-20T10:00:00+07:00');
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức');
    await lan.press('Không', 'Số hội viên mới');
    await lan.say('42', 'Loại mô hình mới');
    await lan.press('Bỏ qua', 'Vốn hỗ trợ');
    await lan.say('3', 'Tỷ lệ');
    await lan.say('90', 'Kết quả nổi bật');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    await lan.press('Gửi báo cáo', 'Đã gửi');

    h.clock.set('2026-11-20T10:00:00+07:00');
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức');
    const q = await lan.press('Không', 'Số hội viên mới');
    expect(q.text).toContain('Kỳ trước: 42 người');
    expect(q.text).toContain('Chỉ tiêu năm 2026: 500 người · các kỳ trước đã đạt: 42 người');
    await lan.press('Như kỳ trước (42 người)', 'Loại mô hình mới');
    const november = await h.db
      .selectFrom('reports')
      .select('answers')
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    expect(november.answers).toMatchObject({ hoi_vien_moi: 42 });
  });
});

describe('after submitting', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00', configPath: FULL_FORM });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));

  async function fillAndSubmit(user: TestUser) {
    await user.say('/baocao', 'Câu 1/');
    await user.press('Ổn định', 'Đã tổ chức');
    await user.press('Không', 'Số hội viên mới');
    await user.say('40', 'Loại mô hình mới');
    await user.press('Bỏ qua', 'Vốn hỗ trợ');
    await user.press('Bỏ qua', 'Tỷ lệ');
    await user.say('80', 'Kết quả nổi bật');
    await user.say('Tốt', 'Xin kiểm tra lại');
    await user.press('Gửi báo cáo', 'Đã gửi');
  }

  it('keeps each correction before the deadline as a revision the leader sees', async () => {
    await fillAndSubmit(lan);
    h.clock.set('2026-11-21T09:00:00+07:00');
    const again = await lan.say('/baocao', 'đã được gửi');
    expect(lan.buttons(again)).toEqual(['📄 Xem báo cáo', '✏️ Sửa báo cáo']);
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.press('Số hội viên mới', 'Hiện tại: 40 người');
    const review = await lan.say('45', 'Xin kiểm tra lại');
    expect(lan.buttons(review)).toContain('✔️ Xong, lưu thay đổi');
    const notice = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    await lan.press('Xong, lưu thay đổi', 'Đã lưu các thay đổi');
    expect((await notice).text).toContain('• Số hội viên mới: 40 người → 45 người');

    const view = await leader.press('Xem báo cáo', 'Đã sửa sau khi gửi');
    expect(view.text).toContain('Số hội viên mới: 45 người');
    expect(view.text).toMatch(/Số hội viên mới: 40 người → 45 người \(09:0\d ngày 21\/11\/2026, Lan\)/);
    const revisions = await h.db.selectFrom('report_revisions').selectAll().execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ field_key: 'hoi_vien_moi', old_value: 40, new_value: 45 });
  });

  it('never lets an old question change a report another contact has sent', async () => {
    const hoa = await h.join(203, 'Hoa', 'HYN');
    await hoa.say('/baocao', 'Câu 1/');
    await fillAndSubmit(lan);
    // Hoa still has question 1 on screen and answers it after Lan sent the report.
    const reply = await hoa.press('Phức tạp', 'đã được gửi');
    expect(hoa.buttons(reply)).toEqual(['📄 Xem báo cáo', '✏️ Sửa báo cáo']);
    const row = await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow();
    expect((row.answers as Record<string, unknown>).tu_tuong).toBe('Ổn định');
    expect(await h.db.selectFrom('report_revisions').selectAll().execute()).toEqual([]);
  });

  it('tells the leader about corrections even when the person pauses instead of finishing', async () => {
    await fillAndSubmit(lan);
    const sent = lan.messages().findLast((m) => m.text.includes('Đã gửi'))!;
    expect(lan.buttons(sent)).toEqual(['📄 Xem báo cáo', '✏️ Sửa báo cáo']);
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.press('Kết quả nổi bật', 'Hiện tại: Tốt');
    await lan.say('Rất tốt', 'Xin kiểm tra lại');
    const notice = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    await lan.press('Tạm dừng', 'Đã lưu các thay đổi');
    expect((await notice).text).toContain('• Kết quả nổi bật: Tốt → Rất tốt (Lan,');
    // Nothing is announced twice.
    await lan.say('/baocao', 'đã được gửi');
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.press('↩️ Quay lại', 'Xin kiểm tra lại');
    expect((await lan.press('Xong, lưu thay đổi', 'Không có thay đổi nào')).text).toBe('Không có thay đổi nào.');
  });

  it('refuses corrections kindly after the deadline', async () => {
    await fillAndSubmit(lan);
    h.clock.set('2026-11-26T09:00:00+07:00');
    const again = await lan.say('/baocao', 'đã gửi lúc');
    expect(again.text).toContain('Đã quá hạn nộp nên báo cáo không sửa được nữa');
    expect(lan.buttons(again)).toEqual(['📄 Xem báo cáo']);
    // An old "Sửa báo cáo" button from before the deadline no longer works.
    const old = h.emu.waitForMessage(201, () => true);
    h.emu.pressButton(lan.user, lan.messages().at(-1)!.message_id, 'rp:amend:1');
    expect((await old).text).toContain('Đã quá hạn nộp nên báo cáo không sửa được nữa');
  });

  it('attaches photos and documents to the open report and shows them to the leader', async () => {
    await lan.say('/baocao', 'Câu 1/');
    const attached = h.emu.waitForMessage(201, (m) => m.text.includes('Đã đính kèm'));
    h.emu.pushUpdate({
      message: {
        message_id: 500,
        date: 0,
        chat: { id: 201, type: 'private' },
        from: lan.user,
        document: { file_id: 'DOC-1', file_unique_id: 'u1', file_name: 'bien-ban.pdf', file_size: 12000 },
      },
    });
    expect((await attached).text).toContain('Đã đính kèm bien-ban.pdf vào Báo cáo tháng 11/2026');
    const rows = await h.db.selectFrom('report_attachments').selectAll().execute();
    expect(rows).toMatchObject([
      { kind: 'document', telegram_file_id: 'DOC-1', file_name: 'bien-ban.pdf', file_size: 12000 },
    ]);

    await lan.press('Ổn định', 'Đã tổ chức');
    await lan.press('Không', 'Số hội viên mới');
    await lan.say('1', 'Loại mô hình');
    await lan.press('Bỏ qua', 'Vốn');
    await lan.press('Bỏ qua', 'Tỷ lệ');
    await lan.say('1', 'Kết quả');
    expect((await lan.say('Tốt', 'Xin kiểm tra lại')).text).toContain('📎 Tệp đính kèm: bien-ban.pdf');
    await lan.press('Gửi báo cáo', 'Đã gửi');
    await leader.waitFor('📥', { includeExisting: true });
    await leader.press('Xem báo cáo', 'bien-ban.pdf');
    await h.emu.waitFor(() =>
      h.emu.callsOf('sendDocument').find((c) => c.params.chat_id === 100 && c.params.document === 'DOC-1'),
    );
  });

  it('lists the unit’s sent reports, and a template change applies to the next period only', async () => {
    await fillAndSubmit(lan);
    const history = await lan.say('/start', 'Xin chào');
    expect(lan.buttons(history)).toContain('🗂 Báo cáo đã gửi');
    const list = await lan.press('Báo cáo đã gửi', 'Các báo cáo đơn vị đã gửi');
    expect(lan.buttons(list)).toEqual(['📄 Báo cáo tháng 11/2026']);

    // The admin adds a question; November keeps version 1, December asks the new one.
    const { loadClusterConfig } = await import('../../src/config/cluster-config.js');
    const { syncClusterConfig } = await import('../../src/store/clusters.js');
    const config = await loadClusterConfig(FULL_FORM);
    config.templates[0]!.sections[0]!.fields.push({
      key: 'ghi_chu',
      label: 'Ghi chú thêm',
      type: 'text',
      maxLength: 300,
      required: true,
    });
    expect((await syncClusterConfig(h.db, config, 'test')).templateVersionsCreated).toEqual(['thang v2']);
    const november = await lan.press('Báo cáo tháng 11/2026', 'Báo cáo tháng 11/2026');
    expect(november.text).not.toContain('Ghi chú thêm');
    h.clock.set('2026-12-05T09:00:00+07:00');
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Ghi chú thêm');
    const versions = await h.db
      .selectFrom('reports')
      .innerJoin('report_templates as t', 't.id', 'reports.template_id')
      .select('t.version')
      .orderBy('reports.id')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });
});
