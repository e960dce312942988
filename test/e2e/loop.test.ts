import { enqueue, textMessage } from '../../src/delivery/outbox.js';
import { describe, expect, it } from 'vitest';
import { type TestUser, harnessPerTest } from '../support/harness.js';

// 10:00 on 20/11/2026 in Vietnam; the November report is due 17:00 25/11/2026.
const NOV_20 = '2026-11-20T10:00:00+07:00';

describe('the two-way reporting loop over the Bot API', () => {
  let leader: TestUser;
  let lan: TestUser;
  let minh: TestUser;

  const h = harnessPerTest({ now: NOV_20 });

  async function joinAll() {
    leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    lan = await h.join(201, 'Lan', 'HYN');
    minh = await h.join(202, 'Minh', 'TBH');
  }

  async function fillReport(user: TestUser, members: string, text: string) {
    await user.say(members, 'Câu 2/3');
    await user.press('Bỏ qua', 'Câu 3/3');
    return user.say(text, 'Xin kiểm tra lại');
  }

  it('invites, reminds, collects two reports, shows the board and broadcasts guidance', async () => {
    // 1-2. Onboarding greets each person in Vietnamese, naming the unit and the next step.
    leader = h.person(100, 'Luyện');
    const welcome = await leader.say(`/start ${await h.invite('LEAD', 'leader')}`, 'Xin chào');
    expect(welcome.text).toContain('Cụm trưởng');
    expect(welcome.text).toContain('Hội CCB tỉnh Nam Định');
    expect(leader.buttons(welcome)).toEqual(expect.arrayContaining(['📊 Tình hình nộp báo cáo', '📢 Gửi thông báo']));
    // The command menu is set per person, after the greeting.
    const menuOf = (chatId: number) =>
      h.emu.waitFor(() => {
        const commands = h.emu.commandsFor({ type: 'chat', chat_id: chatId }) as { command: string }[];
        return commands.length ? commands.map((c) => c.command) : undefined;
      });
    expect(await menuOf(100)).toEqual(['baocao', 'trangthai', 'tonghop', 'thongbao', 'huongdan']);

    lan = h.person(201, 'Lan');
    const lanWelcome = await lan.say(`/start ${await h.invite('HYN')}`, 'Xin chào');
    expect(lanWelcome.text).toContain('Hội CCB tỉnh Hưng Yên');
    expect(lanWelcome.text).toContain('Làm báo cáo');
    expect(lan.buttons(lanWelcome)).not.toContain('📢 Gửi thông báo');
    expect(await menuOf(201)).toEqual(['baocao', 'tiendo', 'huongdan']);
    minh = await h.join(202, 'Minh', 'TBH');

    // 3. At 08:00 three days before the deadline, every unit without a report is reminded.
    h.clock.set('2026-11-22T08:00:00+07:00');
    const summary = await h.app.dispatchReminders();
    expect(summary).toEqual({ claimed: 3, renudged: 0 });
    const reminder = await lan.waitFor('chưa gửi', { includeExisting: true });
    expect(reminder.text).toContain('Báo cáo tháng 11/2026');
    expect(reminder.text).toContain('Hạn nộp: 17:00 ngày 25/11/2026');
    expect(lan.buttons(reminder)).toEqual(['📝 Làm báo cáo', '🕒 Xin gia hạn']);

    // 4. Lan fills the report from the reminder button: one question at a time, validated.
    await lan.press('Làm báo cáo', 'Câu 1/3');
    const reask = await lan.say('mười lăm', '⚠️');
    expect(reask.text).toContain('cần một con số');
    const q2 = await lan.say('1.500', 'Câu 2/3');
    expect(lan.buttons(q2)).toContain('⏭ Bỏ qua');
    await lan.press('Bỏ qua', 'Câu 3/3');
    const review = await lan.say('Kết nạp được nhiều hội viên trẻ', 'Xin kiểm tra lại');
    expect(review.text).toContain('Số hội viên mới kết nạp: 1.500 người');
    expect(review.text).toContain('Vốn hỗ trợ: (bỏ qua)');
    const leaderNotice = h.emu.waitForMessage(100, (m) => m.text.includes('📥'));
    const done = await lan.press('Gửi báo cáo', 'Đã gửi');
    expect(done.text).toContain('(đúng hạn)');
    expect((await leaderNotice).text).toContain('Hội CCB tỉnh Hưng Yên đã gửi Báo cáo tháng 11/2026');

    // The leader reads the report itself from the notice.
    const view = await leader.press('Xem báo cáo', 'Kết nạp được nhiều hội viên trẻ');
    expect(view.text).toContain('Hội CCB tỉnh Hưng Yên');
    expect(view.text).toContain('(đúng hạn), người gửi: Lan');
    expect(view.text).toContain('Số hội viên mới kết nạp: 1.500 người');

    // 5. The board shows who reported and who has not.
    let board = await leader.say('/trangthai', 'Đã nộp');
    expect(board.text).toContain('Đã nộp 1/3 đơn vị.');
    expect(board.text).toMatch(/✅ Hội CCB tỉnh Hưng Yên — nộp \d\d:\d\d ngày 22\/11\/2026/);
    expect(board.text).toContain('❌ Hội CCB tỉnh Thái Bình — chưa nộp');
    expect(board.text).not.toContain('chưa có ai đăng ký');

    // Minh reports after the deadline: accepted, and marked late on the board.
    h.clock.set('2026-11-26T09:00:00+07:00');
    await minh.say('/baocao', 'Câu 1/3');
    await fillReport(minh, '12', 'Tổ chức sinh hoạt chính trị');
    expect((await minh.press('Gửi báo cáo', 'Đã gửi')).text).toContain('(nộp muộn)');
    // "Cập nhật" updates the board in place.
    const boardId = leader.findButton('Cập nhật').message.message_id;
    leader.tap('Cập nhật');
    board = await h.emu.waitFor(() =>
      h.emu.messagesIn(100).find((m) => m.message_id === boardId && m.text.includes('Đã nộp 2/3')),
    );
    expect(leader.buttons(board)).toEqual([
      '📄 Hội CCB tỉnh Thái Bình',
      '📄 Hội CCB tỉnh Hưng Yên',
      '🔔 Nhắc ngay các đơn vị chưa nộp',
      '🕒 Gia hạn / miễn nộp',
      '⏭ Mở sớm kỳ sau',
      '⏹ Đóng kỳ sớm',
      '🔄 Cập nhật',
    ]);
    expect(board.text).toContain('🕘 Hội CCB tỉnh Thái Bình — nộp muộn 09:00 ngày 26/11/2026');
    expect(board.text).toContain('❌ Hội CCB tỉnh Nam Định — chưa nộp, đã quá hạn');

    // 6. Guidance reaches every registered contact as the cluster leader's message.
    await leader.say('/thongbao', 'gõ nội dung');
    const preview = await leader.say('Đề nghị các đơn vị tổ chức sinh hoạt chính trị ngày 6/12.', 'Xem lại thông báo');
    expect(preview.text).toContain('2 đơn vị, 2 người');
    const lanGets = h.emu.waitForMessage(201, (m) => m.text.includes('Thông báo của Cụm trưởng'));
    const minhGets = h.emu.waitForMessage(202, (m) => m.text.includes('Thông báo của Cụm trưởng'));
    const result = await leader.press('✅ Gửi', 'Đã gửi thông báo');
    expect(result.text).toContain('Đã gửi thông báo tới 2/2 người.');
    for (const got of [await lanGets, await minhGets]) {
      expect(got.text).toContain('(Hội CCB tỉnh Nam Định)');
      expect(got.text).toContain('Đề nghị các đơn vị tổ chức sinh hoạt chính trị ngày 6/12.');
    }
    const deliveries = await h.db
      .selectFrom('guidance_deliveries as d')
      .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select(['o.status', 'o.telegram_message_id'])
      .execute();
    expect(deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(deliveries.every((d) => d.telegram_message_id !== null)).toBe(true);

    // "Received" is recorded for the person who pressed it.
    lan.tap('Đã nhận');
    await h.emu.waitFor(() =>
      h.emu.callsOf('answerCallbackQuery').find((c) => String(c.params.text ?? '').includes('xác nhận')),
    );
    const acked = await h.db
      .selectFrom('guidance_deliveries')
      .innerJoin('people', 'people.id', 'guidance_deliveries.person_id')
      .select(['people.telegram_user_id', 'acknowledged_at'])
      .execute();
    expect(acked.find((d) => d.telegram_user_id === 201)?.acknowledged_at).toBeInstanceOf(Date);
    expect(acked.find((d) => d.telegram_user_id === 202)?.acknowledged_at).toBeNull();
    // The message itself now says it was confirmed.
    const confirmed = await h.emu.waitFor(() =>
      lan
        .messages()
        .find((m) => m.text.includes('Thông báo của Cụm trưởng') && lan.buttons(m).includes('✅ Đã xác nhận')),
    );
    expect(lan.buttons(confirmed)).toEqual(['✅ Đã xác nhận']);
  });

  it('shows the leader which units nobody has joined yet', async () => {
    leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    lan = await h.join(201, 'Lan', 'HYN');
    const board = await leader.say('/trangthai', 'Đã nộp');
    expect(board.text).toContain('❌ Hội CCB tỉnh Thái Bình — chưa nộp (chưa có ai đăng ký nhận tin)');
    expect(board.text).toContain('❌ Hội CCB tỉnh Hưng Yên — chưa nộp\n');
    await leader.say('/thongbao', 'gõ nội dung');
    const preview = await leader.say('Họp giao ban', 'Xem lại thông báo');
    expect(preview.text).toContain('Chưa có ai đăng ký nhận tin ở: Hội CCB tỉnh Thái Bình.');
  });

  it('records a failed guidance delivery with the reason and tells the leader', async () => {
    await joinAll();
    h.emu.blockUser(202);
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Họp trực tuyến lúc 8 giờ thứ Hai.', 'Xem lại thông báo');
    const result = await leader.press('✅ Gửi', 'Đã gửi thông báo');
    expect(result.text).toContain('Đã gửi thông báo tới 1/2 người.');
    expect(result.text).toContain('Minh (Hội CCB tỉnh Thái Bình): đã chặn bot');
    const failed = await h.db
      .selectFrom('guidance_deliveries as d')
      .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select(['o.failure', 'o.error'])
      .where('o.status', '=', 'failed')
      .execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ failure: 'blocked' });
    expect(failed[0]!.error).toContain('blocked');
    // The leader is told once that Minh cannot be reached, and how to fix it.
    await leader.waitFor('Không gửi được tin cho đồng chí Minh', { includeExisting: true });
    const minhRow = await h.db
      .selectFrom('people')
      .select('reachable')
      .where('telegram_user_id', '=', 202)
      .executeTakeFirstOrThrow();
    expect(minhRow.reachable).toBe(false);

    // The leader sees, per unit, who acknowledged, who has not, who could not be reached.
    const grid = await leader.press('Xem đơn vị nào đã nhận', 'Tình hình nhận thông báo');
    expect(grid.text).toContain('📨 Hội CCB tỉnh Hưng Yên: đã nhận 0/1');
    expect(grid.text).toContain('chưa bấm «Đã nhận»: Lan');
    expect(grid.text).toContain('⚠️ Hội CCB tỉnh Thái Bình: đã nhận 0/1');
    lan.tap('Đã nhận');
    await h.emu.waitFor(() =>
      h.emu.callsOf('answerCallbackQuery').find((c) => String(c.params.text ?? '').includes('xác nhận')),
    );
    const gridId = grid.message_id;
    leader.tap('Cập nhật');
    const updated = await h.emu.waitFor(() =>
      h.emu
        .messagesIn(100)
        .find((m) => m.message_id === gridId && m.text.includes('✅ Hội CCB tỉnh Hưng Yên: đã nhận 1/1')),
    );
    // The grid is edited in place, not sent anew.
    expect(updated.message_id).toBe(gridId);
    // While Minh has the bot blocked, "Gửi lại" skips him: nobody is left to resend to.
    expect((await leader.press('Gửi lại', 'không còn ai')).text).toContain('không liên lạc được');
    // Minh unblocks the bot and writes to it; "Gửi lại" reaches only those who have not acknowledged.
    h.emu.unblockUser(202);
    await minh.say('/huongdan', 'Hướng dẫn');
    const again = h.emu.waitForMessage(202, (m) => m.text.includes('Thông báo của Cụm trưởng'));
    expect((await leader.press('Gửi lại', 'Đang gửi lại')).text).toContain('cho 1 người');
    await leader.waitFor('Đã gửi lại cho 1/1 người chưa xác nhận.', { includeExisting: true });
    await again;
    expect(lan.messages().filter((m) => m.text.includes('Thông báo của Cụm trưởng'))).toHaveLength(1);
  });

  it('shows in the grid who is still being sent to, while Telegram holds a copy back', async () => {
    await joinAll();
    // Telegram asks to wait 3 s before Minh's copy.
    h.emu.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } },
      { chatId: 202 },
    );
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Họp giao ban sáng thứ Hai.', 'Xem lại thông báo');
    await leader.press('✅ Gửi', 'Đang gửi');
    await lan.waitFor('Họp giao ban', { includeExisting: true });
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.press('Các thông báo đã gửi', 'gần đây');
    const grid = await leader.press('📋 1', 'Tình hình nhận thông báo');
    expect(grid.text).toContain('chưa bấm «Đã nhận»: Lan');
    expect(grid.text).toContain('đang gửi: Minh');
    // Then it arrives, once, and the tally follows.
    await minh.waitFor('Họp giao ban', { includeExisting: true });
    await h.app.idle();
    expect(minh.messages().filter((m) => m.text.includes('Họp giao ban'))).toHaveLength(1);
    expect(leader.messages().some((m) => m.text.includes('Đã gửi thông báo tới 2/2 người.'))).toBe(true);
  });

  it('does not count someone as unreachable because a reminder copy expired at night', async () => {
    await joinAll();
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.say('Họp giao ban sáng thứ Hai.', 'Xem lại thông báo');
    await leader.press('✅ Gửi', 'Đang gửi');
    await h.app.idle();
    // A re-nudge for Minh was held in the queue past 21:00 and expired; his delivery points at it.
    const minhDelivery = await h.db
      .selectFrom('guidance_deliveries as d')
      .innerJoin('people as p', 'p.id', 'd.person_id')
      .select(['d.id', 'p.id as personId'])
      .where('p.telegram_user_id', '=', 202)
      .executeTakeFirstOrThrow();
    // (queued for later, so the sender leaves it alone while the test marks it expired)
    const [expired] = await enqueue(h.db, [
      {
        ...textMessage({ chatId: 202, personId: minhDelivery.personId }, 'Nhắc lại'),
        notBefore: new Date(Date.now() + 60_000),
      },
    ]);
    await h.db.updateTable('outbox').set({ status: 'expired' }).where('id', '=', expired!).execute();
    await h.db
      .updateTable('guidance_deliveries')
      .set({ outbox_id: expired! })
      .where('id', '=', minhDelivery.id)
      .execute();
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.press('Các thông báo đã gửi', 'gần đây');
    const grid = await leader.press('📋 1', 'Tình hình nhận thông báo');
    expect(grid.text).toContain('chưa bấm «Đã nhận»: Minh');
    expect(grid.text).not.toContain('không gửi được');
  });

  it('keeps answers across a bot restart in the middle of the form', async () => {
    await joinAll();
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say('25', 'Câu 2/3');
    await h.restart();
    // The new process knows where Lan was: her next answer goes to question 2.
    await lan.say('2,5', 'Câu 3/3');
    const review = await lan.say('Ổn định', 'Xin kiểm tra lại');
    expect(review.text).toContain('Số hội viên mới kết nạp: 25 người');
    expect(review.text).toContain('Vốn hỗ trợ: 2,5 triệu đồng');
    // /baocao again resumes instead of starting over; the menu offers to continue.
    await lan.say('/baocao', 'Xin kiểm tra lại');
    expect(lan.buttons(await lan.say('/huongdan', 'Hướng dẫn'))[0]).toBe('▶️ Tiếp tục báo cáo');
  });

  it('does not take a message hours later as an answer, and offers to continue', async () => {
    await joinAll();
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say('5', 'Câu 2/3');
    h.clock.set('2026-11-21T08:00:00+07:00');
    const offer = await lan.say('Chào đồng chí', 'đang làm dở');
    expect(lan.buttons(offer)).toEqual(['▶️ Tiếp tục báo cáo']);
    await lan.press('Tiếp tục báo cáo', 'Câu 2/3');
    const stored = await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow();
    expect(stored.answers).toEqual({ hoi_vien_moi: 5 });
    await lan.say('3', 'Câu 3/3');
  });

  it('lets a contact change one answer from the review screen', async () => {
    await joinAll();
    await lan.say('/baocao', 'Câu 1/3');
    await fillReport(lan, '7', 'Tốt');
    const edit = await lan.press('Sửa một câu', 'chọn câu cần sửa');
    expect(lan.buttons(edit)).toEqual([
      '1. Số hội viên mới kết nạp',
      '2. Vốn hỗ trợ',
      '3. Kết quả nổi bật',
      '↩️ Quay lại',
    ]);
    const q = await lan.press('1. Số hội viên mới kết nạp', 'Hiện tại: 7 người');
    expect(lan.buttons(q)).toContain('✅ Giữ nguyên');
    const review = await lan.say('9', 'Xin kiểm tra lại');
    expect(review.text).toContain('Số hội viên mới kết nạp: 9 người');
  });

  it('re-asks in Vietnamese when a number is out of range, ambiguous or not whole', async () => {
    await joinAll();
    await lan.say('/baocao', 'Câu 1/3');
    expect((await lan.say('-3', '⚠️')).text).toContain('Số phải từ 0 trở lên.');
    expect((await lan.say('1,500', '⚠️')).text).toContain('1,5 hay 1.500');
    expect((await lan.say('2,5', '⚠️')).text).toContain('số nguyên');
    await lan.say('15 người', 'Câu 2/3');
    // A wrong answer on an optional question keeps its "skip" button at hand.
    const again = await lan.say('nhiều', '⚠️');
    expect(lan.buttons(again)).toEqual(['⏭ Bỏ qua', '↩️ Quay lại', '⏸ Tạm dừng']);
    const stored = await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow();
    expect(stored.answers).toEqual({ hoi_vien_moi: 15 });
  });
});
