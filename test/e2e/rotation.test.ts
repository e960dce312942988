import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { rotationConfirmButton } from '../../src/bot/features/rotation.js';
import { vi } from '../../src/i18n/vi.js';
import { currentLeaderUnit, findUnitByCode } from '../../src/store/clusters.js';
import { harnessPerTest } from '../support/harness.js';

describe('handing the cluster leader role to another unit', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const luyen = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const nga = perTest(() => h.join(101, 'Nga', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));
  const hoa = perTest(() => h.join(203, 'Hoa', 'HYN'));
  const minh = perTest(() => h.join(202, 'Minh', 'TBH'));

  const leaderCode = async () => (await currentLeaderUnit(h.db, h.clusterId))?.code;
  const commandsOf = (chatId: number) =>
    (h.emu.commandsFor({ type: 'chat', chat_id: chatId }) as { command: string }[]).map((c) => c.command);
  const unitId = async (code: string) => (await findUnitByCode(h.db, h.clusterId, code))!.id;
  const openTermId = async () =>
    (await h.db.selectFrom('leader_terms').select('id').where('ends_at', 'is', null).executeTakeFirstOrThrow()).id;

  it('hands over in chat after a confirmation: rights, menus and history move to the new unit', async () => {
    // History under the first leader: Hưng Yên's report, a guidance message, a request for more time.
    await lan.submitFixtureReport();
    await luyen.say('/thongbao', 'gõ nội dung');
    await luyen.say('Đề nghị các đơn vị tổ chức sinh hoạt chính trị ngày 6/12.', 'Xem lại thông báo');
    const lanGets = h.emu.waitForMessage(201, (m) => m.text.includes('Thông báo của Cụm trưởng'));
    await luyen.press('✅ Gửi', 'Đã gửi thông báo');
    await lanGets;
    lan.tap('Đã nhận');
    await h.emu.waitFor(() =>
      h.emu.callsOf('answerCallbackQuery').find((c) => String(c.params.text ?? '').includes('xác nhận')),
    );
    h.clock.set('2026-11-22T08:00:00+07:00');
    await h.app.dispatchReminders();
    await minh.waitFor('chưa gửi', { includeExisting: true });
    await minh.press('Xin gia hạn', 'lý do xin gia hạn');
    await minh.say('Bão số 13', 'Đã gửi đề nghị gia hạn');
    await luyen.waitFor('xin gia hạn', { includeExisting: true });
    // Nga, the other leader, is half-way through a guidance message when the role moves.
    await nga.say('/thongbao', 'gõ nội dung');

    // Only the leader is offered the handover.
    expect(luyen.buttons(await luyen.say('/start', 'Xin chào'))).toContain('🔁 Chuyển giao cụm trưởng');
    expect(lan.buttons(await lan.say('/start', 'Xin chào'))).not.toContain('🔁 Chuyển giao cụm trưởng');

    const choose = await luyen.press('Chuyển giao cụm trưởng', 'cho đơn vị nào');
    expect(luyen.buttons(choose)).toEqual(['Hội CCB tỉnh Hưng Yên', 'Hội CCB tỉnh Thái Bình']);
    const confirm = await luyen.press('Hội CCB tỉnh Hưng Yên', 'Chuyển giao vai trò Cụm trưởng');
    expect(confirm.text).toContain('cho <b>Hội CCB tỉnh Hưng Yên</b>?');
    expect(confirm.text).toContain('Cán bộ của Hội CCB tỉnh Nam Định, kể cả đồng chí, không còn các chức năng đó');
    expect(luyen.buttons(confirm)).toEqual(['✅ Xác nhận chuyển giao', '✖️ Hủy']);
    expect(await leaderCode()).toBe('LEAD');

    const lanTold = h.emu.waitForMessage(201, (m) => m.text.includes('giữ vai trò Cụm trưởng'));
    const hoaTold = h.emu.waitForMessage(203, (m) => m.text.includes('giữ vai trò Cụm trưởng'));
    const ngaTold = h.emu.waitForMessage(101, (m) => m.text.includes('đã chuyển giao'));
    const done = await luyen.press('Xác nhận chuyển giao', 'Đã chuyển giao');
    expect(done.text).toBe(
      '✅ Đã chuyển giao vai trò Cụm trưởng Cụm thi đua thử nghiệm cho <b>Hội CCB tỉnh Hưng Yên</b>. Đồng chí vẫn làm báo cáo cho đơn vị mình. Cảm ơn đồng chí!',
    );
    expect(luyen.buttons(done)).toEqual([
      '📝 Làm báo cáo',
      '🕒 Xin gia hạn',
      '🗂 Báo cáo đã gửi',
      '📨 Gửi kiến nghị',
      '📈 Tiến độ chỉ tiêu',
      '🧵 Trao đổi',
      '❓ Hướng dẫn',
    ]);
    const lanNotice = await lanTold;
    expect(lanNotice.text).toContain(
      'Từ nay <b>Hội CCB tỉnh Hưng Yên</b> giữ vai trò Cụm trưởng Cụm thi đua thử nghiệm (nhận chuyển giao từ Hội CCB tỉnh Nam Định).',
    );
    expect(lan.buttons(lanNotice)).toEqual(
      expect.arrayContaining([
        '📝 Làm báo cáo',
        '📊 Tình hình nộp báo cáo',
        '📈 Tổng hợp',
        '📢 Gửi thông báo',
        '🔁 Chuyển giao cụm trưởng',
      ]),
    );
    expect(hoa.buttons(await hoaTold)).toContain('📊 Tình hình nộp báo cáo');
    const ngaNotice = await ngaTold;
    expect(ngaNotice.text).toContain(
      'Đồng chí Luyện đã chuyển giao vai trò Cụm trưởng Cụm thi đua thử nghiệm cho <b>Hội CCB tỉnh Hưng Yên</b>.',
    );
    expect(nga.buttons(ngaNotice)).not.toContain('📊 Tình hình nộp báo cáo');
    await h.app.idle();
    expect(minh.messages().some((m) => m.text.includes('chuyển giao'))).toBe(false);
    expect(await leaderCode()).toBe('HYN');

    // Command menus follow the role.
    expect(commandsOf(100)).toEqual(['baocao', 'tiendo', 'huongdan']);
    expect(commandsOf(101)).toEqual(['baocao', 'tiendo', 'huongdan']);
    expect(commandsOf(201)).toEqual(['baocao', 'trangthai', 'tonghop', 'thongbao', 'huongdan']);
    expect(commandsOf(203)).toEqual(['baocao', 'trangthai', 'tonghop', 'thongbao', 'huongdan']);

    // The former leaders lost the rights on the server, not only in the menus; they still report.
    expect((await luyen.say('/trangthai')).text).toBe(vi.notAllowed);
    expect((await luyen.say('/thongbao')).text).toBe(vi.notAllowed);
    expect((await nga.say('Nội dung viết dở', 'Xin đồng chí chọn việc cần làm')).text).toBe(vi.menu);
    expect((await luyen.say('/baocao', 'Hạn nộp')).text).toContain('Hội CCB tỉnh Nam Định');
    expect(await h.db.selectFrom('guidance_messages').select('id').execute()).toHaveLength(1);

    // The new leader sees what happened before: Hưng Yên's report on the board, the guidance and who received it.
    const board = await lan.say('/trangthai', 'Đã nộp');
    expect(board.text).toContain('✅ Hội CCB tỉnh Hưng Yên — nộp 10:00 ngày 20/11/2026');
    expect((await lan.press('📄 Hội CCB tỉnh Hưng Yên', 'Số hội viên mới kết nạp')).text).toContain(
      'Số hội viên mới kết nạp: 12 người',
    );
    await lan.say('/thongbao', 'gõ nội dung');
    const history = await lan.press('Các thông báo đã gửi', 'Các thông báo đã gửi gần đây');
    expect(history.text).toContain('20/11/2026 — Hội CCB tỉnh Nam Định');
    expect(history.text).toContain('Đề nghị các đơn vị tổ chức sinh hoạt chính trị ngày 6/12.');
    const grid = await lan.press('📋 1', 'Tình hình nhận thông báo');
    expect(grid.text).toContain('Hội CCB tỉnh Hưng Yên: đã nhận 1/2');
    expect(grid.text).toContain('chưa bấm «Đã nhận»: Hoa');

    // The request for more time still waiting is handed to the new leader; the former one's copy no longer works.
    const request = await lan.waitFor('xin gia hạn', { includeExisting: true });
    expect(request.text).toContain('Hội CCB tỉnh Thái Bình (đồng chí Minh)');
    expect((await luyen.press('Gia hạn thêm 3 ngày')).text).toBe(vi.notAllowed);
    const minhTold = h.emu.waitForMessage(202, (m) => m.text.includes('đã gia hạn'));
    await lan.press('Gia hạn thêm 3 ngày', 'Đã gia hạn');
    expect((await minhTold).text).toContain('Lý do: theo đề nghị của đơn vị (Bão số 13)');

    const audit = await h.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'leader.rotate')
      .where('actor', 'like', 'person:%')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ from: 'LEAD', to: 'HYN' });
    const luyenId = (
      await h.db.selectFrom('people').select('id').where('telegram_user_id', '=', 100).executeTakeFirstOrThrow()
    ).id;
    expect(audit[0]).toMatchObject({ actor: `person:${luyenId}`, actor_person_id: luyenId });
  });

  it('never hands over to a unit nobody has joined: the cluster would have no leader', async () => {
    // Thái Bình's only contact leaves.
    await h.db
      .updateTable('memberships')
      .set({ revoked_at: new Date() })
      .where('unit_id', '=', await unitId('TBH'))
      .execute();
    const choose = await luyen.press('Chuyển giao cụm trưởng', 'cho đơn vị nào');
    expect(luyen.buttons(choose)).toEqual(['Hội CCB tỉnh Hưng Yên']);
    // A confirmation for Thái Bình (an older list) is refused, and the leader stays.
    const reply = h.emu.waitForMessage(100, () => true);
    h.emu.pressButton(
      luyen.user,
      choose.message_id,
      rotationConfirmButton.data(await openTermId(), await unitId('TBH'), 'ok'),
    );
    expect((await reply).text).toBe(vi.rotation.noOtherUnit);
    expect(await leaderCode()).toBe('LEAD');
  });

  it('changes nothing on cancel, on a second or stale confirmation, or when a non-leader taps', async () => {
    await luyen.press('Chuyển giao cụm trưởng', 'cho đơn vị nào');
    await luyen.press('Hội CCB tỉnh Thái Bình', 'Chuyển giao vai trò Cụm trưởng');
    expect((await luyen.press('✖️ Hủy', 'Đã hủy')).text).toBe(vi.rotation.cancelled);
    expect(await leaderCode()).toBe('LEAD');

    // A contact replaying a confirmation is refused by the server.
    const term = await openTermId();
    const tbh = await unitId('TBH');
    const refused = h.emu.waitForMessage(202, () => true);
    h.emu.pressButton(minh.user, minh.messages().at(-1)!.message_id, rotationConfirmButton.data(term, tbh, 'ok'));
    expect((await refused).text).toBe(vi.notAllowed);
    expect(await leaderCode()).toBe('LEAD');

    await luyen.press('Hội CCB tỉnh Hưng Yên', 'Chuyển giao vai trò Cụm trưởng');
    const { message, data } = luyen.findButton('Xác nhận chuyển giao');
    await luyen.press('Xác nhận chuyển giao', 'Đã chuyển giao');
    // The same button again, the older Thái Bình choice, and the new leader replaying it: all told it is done.
    const already = 'Vai trò Cụm trưởng đã được chuyển giao cho Hội CCB tỉnh Hưng Yên.';
    const again = h.emu.waitForMessage(100, (m) => m.text.includes('đã được chuyển giao'));
    h.emu.pressButton(luyen.user, message.message_id, data);
    expect((await again).text).toBe(already);
    expect((await luyen.press('Hội CCB tỉnh Thái Bình', 'đã được chuyển giao')).text).toBe(already);
    const replay = h.emu.waitForMessage(201, (m) => m.text.includes('đã được chuyển giao'));
    h.emu.pressButton(lan.user, lan.messages().at(-1)!.message_id, rotationConfirmButton.data(term, tbh, 'ok'));
    expect((await replay).text).toBe(already);

    await h.app.idle();
    expect(await leaderCode()).toBe('HYN');
    expect(await h.db.selectFrom('leader_terms').select('id').execute()).toHaveLength(2);
    expect(
      await h.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'leader.rotate')
        .where('actor', 'like', 'person:%')
        .execute(),
    ).toHaveLength(1);
    // Each person was told once.
    expect(lan.messages().filter((m) => m.text.includes('giữ vai trò Cụm trưởng'))).toHaveLength(1);
  });
});
