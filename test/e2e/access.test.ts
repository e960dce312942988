import { describe, expect, it } from 'vitest';
import { reportActionButton, reportFieldButton } from '../../src/services/report-buttons.js';
import { harnessPerTest } from '../support/harness.js';

describe('who may do what', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });

  it('gives a stranger one short explanation and nothing else', async () => {
    const stranger = h.person(999, 'Khách');
    for (const text of ['xin chào', '/trangthai', '/baocao', '/start']) {
      const reply = await stranger.say(text);
      expect(reply.text).toContain('Bot chỉ dành cho cán bộ các đơn vị đã được mời');
      expect(reply.reply_markup).toBeUndefined();
    }
    expect(stranger.messages()).toHaveLength(4);
    expect((await stranger.say('/start khong-dung')).text).toContain('Đường dẫn mời không đúng');
    expect(await h.db.selectFrom('people').selectAll().execute()).toEqual([]);
  });

  it('ignores a stranger pressing a forged button without touching the data', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    await lan.say('/baocao', 'Câu 1/3');
    const report = await h.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    const stranger = h.person(999, 'Khách');
    await stranger.say('xin chào');
    const botMessage = stranger.messages().at(-1)!;
    h.emu.pressButton(stranger.user, botMessage.message_id, reportActionButton.data('submit', report.id));
    await h.emu.waitFor(() => h.emu.callsOf('answerCallbackQuery').length > 0);
    expect((await h.db.selectFrom('reports').select('status').executeTakeFirstOrThrow()).status).toBe('draft');
  });

  it('uses an invite once: someone else is refused, the owner is welcomed again', async () => {
    const code = await h.invite('HYN');
    const lan = h.person(201, 'Lan');
    await lan.say(`/start ${code}`, 'Xin chào');
    const other = h.person(202, 'Tuấn');
    expect((await other.say(`/start ${code}`)).text).toContain('đã được người khác sử dụng');
    expect((await lan.say(`/start ${code}`)).text).toContain('Hội CCB tỉnh Hưng Yên');
    const people = await h.db.selectFrom('people').select('telegram_user_id').execute();
    expect(people.map((p) => p.telegram_user_id)).toEqual([201]);
    const memberships = await h.db.selectFrom('memberships').selectAll().execute();
    expect(memberships).toHaveLength(1);
  });

  it('lets the leader invite a unit contact from the chat', async () => {
    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    const units = await leader.press('Mời cán bộ đơn vị', 'Mời cán bộ của đơn vị nào');
    expect(leader.buttons(units)).toEqual(['Hội CCB tỉnh Hưng Yên', 'Hội CCB tỉnh Thái Bình', 'Hội CCB tỉnh Nam Định']);
    const created = await leader.press('Hội CCB tỉnh Thái Bình', 'Đường dẫn mời');
    const link = /https:\/\/t\.me\/(\w+)\?start=([\w-]+)/.exec(created.text);
    expect(link?.[1]).toBe(h.emu.botInfo.username);
    expect(created.text).toContain('hết hạn ngày 04/12/2026');
    const minh = h.person(202, 'Minh');
    expect((await minh.say(`/start ${link![2]}`, 'Xin chào')).text).toContain('Hội CCB tỉnh Thái Bình');
    // Not for contacts: the button does nothing for them even when forged.
    const last = minh.messages().at(-1)!;
    const refusal = h.emu.waitForMessage(202, () => true);
    h.emu.pressButton(minh.user, last.message_id, 'iv:1');
    expect((await refusal).text).toContain('chỉ dành cho Cụm trưởng');
  });

  it('keeps one unit per person: another unit’s link is refused and stays usable', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    const code = await h.invite('TBH');
    expect((await lan.say(`/start ${code}`)).text).toContain('Đồng chí đã là cán bộ báo cáo của Hội CCB tỉnh Hưng Yên');
    expect((await h.person(202, 'Minh').say(`/start ${code}`, 'Xin chào')).text).toContain('Hội CCB tỉnh Thái Bình');
  });

  it('refuses an expired invite', async () => {
    const code = await h.invite('HYN');
    h.clock.set('2026-12-10T10:00:00+07:00'); // 14 days later plus
    expect((await h.person(201, 'Lan').say(`/start ${code}`)).text).toContain('đã hết hạn');
  });

  it('keeps leader commands for the leader and a unit’s report for its own contacts', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    const minh = await h.join(202, 'Minh', 'TBH');
    expect((await lan.say('/trangthai')).text).toBe('Xin lỗi, chức năng này chỉ dành cho Cụm trưởng.');
    expect((await lan.say('/thongbao')).text).toBe('Xin lỗi, chức năng này chỉ dành cho Cụm trưởng.');

    await lan.say('/baocao', 'Câu 1/3');
    const lanReport = await h.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    // Minh forges buttons for Lan's report: the server checks the unit, not the button.
    const last = minh.messages().at(-1)!;
    for (const data of [
      reportActionButton.data('submit', lanReport.id),
      reportFieldButton.data('skip', lanReport.id, 'von_ho_tro'),
      reportFieldButton.data('field', lanReport.id, 'hoi_vien_moi'),
    ]) {
      const waiting = h.emu.waitForMessage(202, () => true);
      h.emu.pressButton(minh.user, last.message_id, data);
      expect((await waiting).text).toContain('Nút này đã cũ');
    }
    const row = await h.db
      .selectFrom('reports')
      .select(['status', 'answers'])
      .where('id', '=', lanReport.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', answers: {} });
  });

  it('never files an answer under a question its writer did not see', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    const hoa = await h.join(203, 'Hoa', 'HYN');
    await lan.say('/baocao', 'Câu 1/3');
    await hoa.say('/baocao', 'Câu 1/3');
    await lan.say('10', 'Câu 2/3');
    // Hoa still sees question 1 and answers it: nothing is overwritten unseen; Hoa sees both and chooses.
    const notice = await hoa.say('20', 'vừa được đồng chí Lan trả lời');
    expect(notice.text).toContain('Câu «Số hội viên mới kết nạp» vừa được đồng chí Lan trả lời: 10 người');
    expect(notice.text).toContain('Đồng chí nhập: 20 người');
    expect(hoa.buttons(notice)).toEqual(['↩️ Giữ giá trị của Lan (10 người)', '✍️ Dùng giá trị của tôi (20 người)']);
    expect((await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow()).answers).toEqual({
      hoi_vien_moi: 10,
    });
    await hoa.press('Giữ giá trị của Lan', 'Câu 2/3');
    const stored = await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow();
    expect(stored.answers).toEqual({ hoi_vien_moi: 10 });
  });

  it('lets two contacts of one unit share one report and says who is writing', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    const hoa = await h.join(203, 'Hoa', 'HYN');
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say('4', 'Câu 2/3');
    await hoa.say('/baocao', 'Câu 2/3');
    expect(hoa.messages().some((m) => m.text.includes('đang được đồng chí Lan soạn'))).toBe(true);
    await hoa.press('Bỏ qua', 'Câu 3/3');
    await hoa.say('Tốt', 'Xin kiểm tra lại');
    await hoa.press('Gửi báo cáo', 'Đã gửi');
    // Lan, the other contact, is told that a colleague sent the unit's report.
    const told = await lan.waitFor('Đồng chí Hoa đã gửi', { includeExisting: true });
    expect(told.text).toMatch(/Đồng chí Hoa đã gửi Báo cáo tháng 11\/2026 của Hội CCB tỉnh Hưng Yên lúc/);
    expect((await lan.say('/baocao')).text).toContain('đã được gửi lúc');
    expect(await h.db.selectFrom('reports').selectAll().execute()).toHaveLength(1);
  });
});
