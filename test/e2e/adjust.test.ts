import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { harnessPerTest } from '../support/harness.js';

describe('the leader extends a deadline or excuses a unit', () => {
  const h = harnessPerTest({ now: '2026-11-24T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));
  const minh = perTest(() => h.join(202, 'Minh', 'TBH'));

  async function adjust(unit: string, action: string, reason: string) {
    await leader.say('/trangthai', 'Đã nộp');
    await leader.press('Gia hạn / miễn nộp', 'cho đơn vị nào');
    await leader.press(unit, 'Xin chọn');
    await leader.press(action, 'Xin gõ lý do');
    return leader.say(reason, 'Đã ');
  }

  it('extends one unit: it is told, its reminders and late mark follow the new deadline', async () => {
    const told = h.emu.waitForMessage(202, (m) => m.text.includes('gia hạn'));
    expect((await adjust('Hội CCB tỉnh Thái Bình', 'Gia hạn thêm 3 ngày', 'Bão số 13')).text).toBe(
      'Đã gia hạn cho:\n• Hội CCB tỉnh Thái Bình: đến 17:00 ngày 28/11/2026\nCác đơn vị đã được báo.',
    );
    const notice = await told;
    expect(notice.text).toContain('đến 17:00 ngày 28/11/2026');
    expect(notice.text).toContain('Lý do: Bão số 13');
    expect(lan.messages().some((m) => m.text.includes('gia hạn'))).toBe(false);

    // On the original deadline morning only Hưng Yên is reminded that today is the day.
    h.clock.set('2026-11-25T08:00:00+07:00');
    await h.app.dispatchReminders();
    expect(lan.messages().at(-1)!.text).toContain('Hôm nay là hạn nộp');
    expect(minh.messages().some((m) => m.text.includes('Hôm nay là hạn nộp'))).toBe(false);
    // The leader's digest after the deadline lists Thái Bình apart, with its new deadline.
    h.clock.set('2026-11-25T17:00:00+07:00');
    await h.app.dispatchReminders();
    const digest = leader.messages().find((m) => m.text.includes('📋'))!;
    expect(digest.text).toContain('Chưa nộp:\n• Hội CCB tỉnh Hưng Yên\n• Hội CCB tỉnh Nam Định');
    expect(digest.text).toContain('Được gia hạn:\n• Hội CCB tỉnh Thái Bình (đến 17:00 ngày 28/11/2026)');

    // Thái Bình submits on the 27th: on time by its own deadline.
    h.clock.set('2026-11-27T09:00:00+07:00');
    await minh.say('/baocao', 'Hạn nộp: 17:00 ngày 28/11/2026');
    await minh.waitFor('Câu 1/3', { includeExisting: true });
    await minh.say('3', 'Câu 2/3');
    await minh.press('Bỏ qua', 'Câu 3/3');
    await minh.say('Tốt', 'Xin kiểm tra lại');
    expect((await minh.press('Gửi báo cáo', 'Đã gửi')).text).toContain('(đúng hạn)');
    const board = await leader.say('/trangthai', 'Đã nộp');
    expect(board.text).toContain('✅ Hội CCB tỉnh Thái Bình — nộp 09:00 ngày 27/11/2026');
    expect(board.text).toContain('❌ Hội CCB tỉnh Hưng Yên — chưa nộp, đã quá hạn');
    const audit = await h.db.selectFrom('audit_log').select('action').where('action', '=', 'period.extend').execute();
    expect(audit).toHaveLength(1);
  });

  it('excuses a unit: it is told, it is not reminded, and the board does not count it', async () => {
    const told = h.emu.waitForMessage(201, (m) => m.text.includes('miễn nộp'));
    await adjust('Hội CCB tỉnh Hưng Yên', 'Miễn nộp kỳ này', 'Đang sáp nhập tỉnh');
    expect((await told).text).toContain('Cụm trưởng cho Hội CCB tỉnh Hưng Yên miễn nộp');
    h.clock.set('2026-11-25T08:00:00+07:00');
    await h.app.dispatchReminders();
    expect(lan.messages().some((m) => m.text.includes('🔔'))).toBe(false);
    expect(minh.messages().some((m) => m.text.includes('🔔'))).toBe(true);
    const board = await leader.say('/trangthai', 'Đã nộp');
    expect(board.text).toContain('Đã nộp 0/2 đơn vị.');
    expect(board.text).toContain('➖ Hội CCB tỉnh Hưng Yên — được miễn kỳ này');
  });

  it('a unit asks for more time from its reminder; the leader approves with one tap', async () => {
    await h.app.dispatchReminders(); // 24/11 10:00: the "3 days before" step is due
    await minh.waitFor('🔔', { includeExisting: true });
    await minh.press('Xin gia hạn', 'Xin gõ lý do');
    const request = h.emu.waitForMessage(100, (m) => m.text.includes('xin gia hạn'));
    expect((await minh.say('Chờ số liệu từ các huyện', 'Đã gửi đề nghị')).text).toContain('Cụm trưởng');
    expect((await request).text).toContain('Hội CCB tỉnh Thái Bình (đồng chí Minh) xin gia hạn');
    expect(leader.buttons(await request)).toEqual(['Gia hạn thêm 3 ngày', 'Gia hạn thêm 7 ngày', '✖️ Không đồng ý']);
    const told = h.emu.waitForMessage(202, (m) => m.text.includes('đã gia hạn'));
    await leader.press('Gia hạn thêm 7 ngày', 'Đã gia hạn');
    // 7 days would pass the end of November, when reports stop: capped at the period's last minute.
    expect((await told).text).toContain('đến 23:59 ngày 30/11/2026');
    expect((await told).text).toContain('theo đề nghị của đơn vị (Chờ số liệu từ các huyện)');
    // A second tap on the same request changes nothing.
    const again = h.emu.waitForMessage(100, () => true);
    h.emu.pressButton(leader.user, (await request).message_id, 'xa:1:no');
    expect((await again).text).toBe('Đề nghị này đã được trả lời.');
    const row = await h.db.selectFrom('extension_requests').select(['decision']).executeTakeFirstOrThrow();
    expect(row.decision).toBe('e7');
  });

  it('a request prompt left for a day does not turn a greeting into a request', async () => {
    await h.app.dispatchReminders();
    await lan.waitFor('🔔', { includeExisting: true });
    await lan.press('Xin gia hạn', 'Xin gõ lý do');
    h.clock.set('2026-11-25T09:00:00+07:00');
    await lan.say('Chào đồng chí', 'Xin đồng chí chọn việc cần làm');
    expect(await h.db.selectFrom('extension_requests').selectAll().execute()).toEqual([]);
  });

  it('a declined request is answered kindly', async () => {
    await h.app.dispatchReminders();
    await lan.waitFor('🔔', { includeExisting: true });
    await lan.press('Xin gia hạn', 'Xin gõ lý do');
    const request = h.emu.waitForMessage(100, (m) => m.text.includes('xin gia hạn'));
    await lan.say('Bận', 'Đã gửi đề nghị');
    await request;
    const told = h.emu.waitForMessage(201, (m) => m.text.includes('chưa đồng ý'));
    await leader.press('Không đồng ý', 'không gia hạn');
    expect((await told).text).toContain('Xin đồng chí cố gắng gửi đúng hạn');
  });

  it('closes a period early after a confirmation: no more reports or reminders for it', async () => {
    await lan.say('/baocao', 'Câu 1/3');
    await leader.say('/trangthai', 'Đã nộp');
    await leader.press('Đóng kỳ sớm', 'Đóng Báo cáo tháng 11/2026 ngay bây giờ?');
    const told = h.emu.waitForMessage(202, (m) => m.text.includes('đã đóng'));
    await leader.press('Xác nhận đóng kỳ', 'Đã đóng');
    expect((await told).text).toContain('Kỳ này không nhận báo cáo nữa');
    expect((await lan.say('5')).text).toContain('Kỳ báo cáo này đã kết thúc');
    expect((await lan.say('/baocao')).text).toContain('Hiện chưa có kỳ báo cáo nào đang mở');
    h.clock.set('2026-11-25T08:00:00+07:00');
    expect((await h.app.dispatchReminders()).claimed).toBe(0);
  });

  it('opens next month early: contacts can choose it and are told its deadline', async () => {
    await leader.say('/trangthai', 'Đã nộp');
    const told = h.emu.waitForMessage(201, (m) => m.text.includes('đã mở'));
    await leader.press('Mở sớm kỳ sau', 'Mở Báo cáo tháng 12/2026 ngay bây giờ?');
    await leader.press('Xác nhận mở kỳ sau', 'Đã mở Báo cáo tháng 12/2026');
    expect((await told).text).toContain('Hạn nộp: 17:00 ngày 25/12/2026');
    const choice = await lan.say('/baocao', 'Xin chọn báo cáo cần làm');
    expect(lan.buttons(choice)).toEqual(['Báo cáo tháng 11/2026', 'Báo cáo tháng 12/2026']);
    await lan.press('Báo cáo tháng 12/2026', 'Câu 1/3');
  });

  it('keeps the controls for the leader', async () => {
    await leader.say('/trangthai', 'Đã nộp');
    const data = leader.findButton('Gia hạn / miễn nộp').data;
    const refused = h.emu.waitForMessage(201, () => true);
    h.emu.pressButton(lan.user, lan.messages().at(-1)!.message_id, data);
    expect((await refused).text).toContain('chỉ dành cho Cụm trưởng');
  });
});
