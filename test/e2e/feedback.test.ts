import { beforeEach, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { harnessPerTest } from '../support/harness.js';

describe("the leader's word on a report", () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));
  beforeEach(async () => {
    await lan.submitFixtureReport();
    await leader.waitFor('📥', { includeExisting: true });
  });

  it('sends a report back with a reason; the unit corrects it after the deadline and the leader sees the change', async () => {
    const view = await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
    expect(leader.buttons(view)).toEqual([
      '✅ Đạt',
      '↩️ Trả lại',
      '💬 Góp ý',
      '🌟 Chia sẻ kinh nghiệm',
      '◀️ Các đơn vị',
    ]);
    await leader.press('Trả lại', 'lý do trả lại');
    const told = h.emu.waitForMessage(201, (m) => m.text.includes('đề nghị sửa lại'));
    await leader.say('Số hội viên mới chưa khớp với danh sách', 'Đã trả lại');
    const notice = await told;
    expect(notice.text).toContain('Lý do: Số hội viên mới chưa khớp với danh sách');
    expect((await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp')).text).toContain(
      '↩️ Cụm trưởng đã trả lại để sửa',
    );
    expect(lan.buttons(notice)).toEqual(['👍 Đã nhận', '💬 Trả lời', '✏️ Sửa báo cáo']);

    h.clock.set('2026-11-27T09:00:00+07:00'); // past the deadline: sent back, so still correctable
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.press('Số hội viên mới kết nạp', 'Hiện tại: 12 người');
    await lan.say('15', 'Xin kiểm tra lại');
    const changed = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    await lan.press('Xong, lưu thay đổi', 'Đã lưu các thay đổi');
    expect((await changed).text).toContain('Số hội viên mới kết nạp: 12 người → 15 người');
    // Resubmitted: no longer open for corrections after the deadline.
    expect((await lan.say('/baocao', 'đã gửi lúc')).text).toContain('Đã quá hạn nộp');
  });

  it('tells the leader of a correction even when Telegram fails the confirmation shown to the unit', async () => {
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.press('Số hội viên mới kết nạp', 'Hiện tại: 12 người');
    await lan.say('14', 'Xin kiểm tra lại');
    // Lan's own confirmation is lost (Telegram 502 on that reply)...
    h.emu.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, { chatId: 201 });
    const told = h.emu.waitForMessage(100, (m) => m.text.includes('đã sửa'));
    lan.tap('Xong, lưu thay đổi');
    // ...but the leader's notice was queued with the correction itself, before that reply.
    expect((await told).text).toContain('Số hội viên mới kết nạp: 12 người → 14 người');
  });

  it('an old "Hủy" under a comment prompt leaves the guidance being written now alone', async () => {
    await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
    await leader.press('Góp ý', 'cả báo cáo hay về một câu');
    const prompt = await leader.press('Cả báo cáo', 'ý kiến của đồng chí');
    // The leader turns to guidance instead, and taps the comment prompt's "Hủy" by mistake.
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Họp giao ban sáng thứ Hai.', 'Xem lại thông báo');
    const cancel = prompt.reply_markup!.inline_keyboard![0]![0]!;
    expect(cancel.text).toBe('✖️ Hủy');
    const reply = h.emu.waitForMessage(100, () => true);
    h.emu.pressButton(leader.user, prompt.message_id, cancel.callback_data!);
    expect((await reply).text).toContain('đã cũ');
    // The draft is still there: "Gửi" sends it.
    const lanGets = h.emu.waitForMessage(201, (m) => m.text.includes('Họp giao ban'));
    await leader.press('✅ Gửi', 'Đang gửi');
    await lanGets;
  });

  it('accepts a report: the unit is told, and it is final', async () => {
    await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
    const told = h.emu.waitForMessage(201, (m) => m.text.includes('Đạt'));
    await leader.press('✅ Đạt', 'là Đạt');
    expect((await told).text).toContain('đã đánh giá');
    // A second tap (or an old "Trả lại") changes nothing and tells the unit nothing more.
    expect((await leader.press('↩️ Trả lại', 'đã được đánh giá rồi')).text).toBe('Báo cáo này đã được đánh giá rồi.');
    // Opened again, the report says how it was judged, to the leader and to the unit.
    expect((await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp')).text).toContain(
      '✅ Cụm trưởng đã đánh giá: Đạt',
    );
    expect(await h.db.selectFrom('report_feedback').selectAll().execute()).toHaveLength(1);
    lan.tap('Đã nhận');
    await h.emu.waitFor(() =>
      h.emu.callsOf('answerCallbackQuery').find((c) => String(c.params.text ?? '').includes('xác nhận')),
    );
    const acks = await h.db.selectFrom('report_feedback_acks').selectAll().execute();
    expect(acks).toHaveLength(1);
    // Even before the deadline, an accepted report is not corrected.
    const again = await lan.say('/baocao', 'đã gửi lúc');
    expect(again.text).toContain('Cụm trưởng đã đánh giá Đạt');
    expect(lan.buttons(again)).toEqual(['📄 Xem báo cáo']);
  });

  it('comments on a report; only the leader can give feedback', async () => {
    await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
    const choice = await leader.press('Góp ý', 'cả báo cáo hay về một câu');
    // Skipped questions have no answer to comment on.
    expect(leader.buttons(choice)).toEqual([
      '📄 Cả báo cáo',
      'Số hội viên mới kết nạp: 12 người',
      'Kết quả nổi bật: Tốt',
      '✖️ Hủy',
    ]);
    // "Hủy" takes the list away; "Góp ý" opens it again.
    expect((await leader.press('✖️ Hủy', 'Đã hủy')).text).toBe('Đã hủy.');
    await h.emu.waitFor(() =>
      leader.messages().find((m) => m.message_id === choice.message_id && leader.buttons(m).length === 0),
    );
    await leader.press('Góp ý', 'cả báo cáo hay về một câu');
    await leader.press('Cả báo cáo', 'ý kiến của đồng chí');
    // Too long is refused with the reason, not cut short; the prompt stays open.
    expect((await leader.say('x'.repeat(1600), 'quá mức')).text).toContain('1.600 ký tự');
    const told = h.emu.waitForMessage(201, (m) => m.text.includes('Ý kiến của Cụm trưởng'));
    await leader.say('Nên nêu rõ mô hình điển hình', 'Đã gửi ý kiến');
    expect((await told).text).toContain('Nên nêu rõ mô hình điển hình');
    const refused = h.emu.waitForMessage(201, () => true);
    h.emu.pressButton(lan.user, lan.messages().at(-1)!.message_id, 'fb:accept:1');
    expect((await refused).text).toContain('chỉ dành cho Cụm trưởng');
    expect((await h.db.selectFrom('reports').select('review').executeTakeFirstOrThrow()).review).toBeNull();
  });
});
