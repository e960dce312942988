import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { inTransaction } from '../../src/db/connect.js';
import { enqueue, textMessage } from '../../src/delivery/outbox.js';
import { findUnitByCode, syncClusterConfig } from '../../src/store/clusters.js';
import { createInvite } from '../../src/store/invites.js';
import { findPersonByTelegramId } from '../../src/store/people.js';
import { removePersonFromUnit } from '../../src/store/unit-people.js';
import { FIXTURE_CONFIG, type TestUser, harnessPerTest } from '../support/harness.js';

/** What a leader and a unit expect of the bot, beyond the happy path (issue 9, part 7). */
describe('what a leader and a unit expect', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));
  const minh = perTest(() => h.join(202, 'Minh', 'TBH'));

  /** Taps a button of a list and waits for that same message to change (lists change in place). */
  async function tapInPlace(user: TestUser, button: string, expected: string) {
    const { message } = user.findButton(button);
    user.tap(button);
    return h.emu.waitFor(() =>
      user.messages().find((m) => m.message_id === message.message_id && m.text.includes(expected)),
    );
  }
  const unitId = async (code: string) => (await findUnitByCode(h.db, h.clusterId, code))!.id;
  const personId = async (user: TestUser) => (await findPersonByTelegramId(h.db, user.id))!.id;
  /** Takes units out of the config file, as an edited file and `admin sync` would. */
  async function dropFromConfig(...codes: string[]) {
    const config = await loadClusterConfig(FIXTURE_CONFIG);
    await syncClusterConfig(
      h.db,
      {
        ...config,
        units: config.units.filter((u) => !codes.includes(u.code)),
        targets: config.targets.filter((t) => !codes.includes(t.unit)),
      },
      'test',
    );
  }

  describe('a unit taken out of the config', () => {
    it('keeps its report in the board, in browsing and in threads; one without a report is not counted as missing', async () => {
      await lan.submitFixtureReport();
      await lan.say('/start', 'Xin chào');
      await lan.press('Trao đổi', 'Trao đổi giữa');
      await lan.press('Viết cho Cụm trưởng', 'Xin gõ');
      await lan.say('Xin hướng dẫn cách tính hộ thoát nghèo', 'Đã gửi tới Cụm trưởng');
      await dropFromConfig('HYN', 'TBH');

      // Still in November: Hưng Yên's report counts; Thái Bình (nothing filed) is simply gone.
      const board = await leader.say('/trangthai', 'Đã nộp');
      expect(board.text).toContain('Đã nộp 1/2 đơn vị.');
      expect(board.text).toContain('✅ Hội CCB tỉnh Hưng Yên (đã rời cụm) — nộp 10:');
      expect(board.text).not.toContain('Thái Bình');
      expect(leader.buttons(board)).toContain('📄 Hội CCB tỉnh Hưng Yên (đã rời cụm)');
      // Its thread with the leader is still listed for that period.
      await leader.say('/start', 'Xin chào');
      const units = await leader.press('Trao đổi', 'Xin chọn đơn vị');
      expect(leader.buttons(units)).toContain('Hội CCB tỉnh Hưng Yên (đã rời cụm) (1)');
      expect((await leader.press('Hưng Yên', 'Trao đổi giữa')).text).toContain(
        'Xin hướng dẫn cách tính hộ thoát nghèo',
      );

      // In December, November is history: browsing opens the report of the unit that left.
      h.clock.set('2026-12-03T09:00:00+07:00');
      await leader.say('/start', 'Xin chào');
      const periods = await leader.press('Xem báo cáo', 'Xin chọn kỳ báo cáo');
      expect(leader.buttons(periods)).toContain('Tháng 11/2026 — đã nộp 1/2');
      const list = await tapInPlace(leader, 'Tháng 11/2026', 'Đã nộp 1/2 đơn vị');
      expect(leader.buttons(list)).toEqual([
        '❌ Hội CCB tỉnh Nam Định',
        '✅ Hội CCB tỉnh Hưng Yên (đã rời cụm)',
        '◀️ Các kỳ báo cáo',
      ]);
      const report = await leader.press('Hưng Yên', 'Số hội viên mới kết nạp');
      expect(report.text).toContain('Hội CCB tỉnh Hưng Yên');
      expect(report.text).toContain('12 người');
      // Its former contact is a stranger to the bot now.
      expect((await lan.say('/baocao')).text).toContain('Bot chỉ dành cho cán bộ các đơn vị đã được mời');
    });
  });

  describe('taking one person off a unit', () => {
    it('in chat: unit, person, confirm; they become a stranger, it is audited, their report stays', async () => {
      const hoa = await h.join(203, 'Hoa', 'HYN');
      await hoa.submitFixtureReport();
      await leader.say('/start', 'Xin chào');
      const units = await leader.press('Cán bộ các đơn vị', 'Xem cán bộ của đơn vị nào');
      expect(leader.buttons(units)).toEqual([
        'Hội CCB tỉnh Hưng Yên (2)',
        'Hội CCB tỉnh Thái Bình (1)',
        'Hội CCB tỉnh Nam Định (1)',
        '✖️ Hủy',
      ]);
      // The leader's own unit lists the leader, without a button to remove themselves.
      const own = await leader.press('Nam Định (1)', 'Cán bộ của');
      expect(own.text).toMatch(/^1\. Luyện — Cụm trưởng, từ \d\d\/\d\d\/\d{4}$/m);
      expect(leader.buttons(own)).toEqual([]);
      const people = await leader.press('Hưng Yên (2)', 'Cán bộ của');
      expect(people.text).toContain('1. Lan — cán bộ báo cáo, từ ');
      expect(people.text).toContain('2. Hoa — cán bộ báo cáo');
      const confirm = await leader.press('Cho thôi: Hoa', 'thôi làm cán bộ');
      expect(confirm.text).toContain('Báo cáo, ý kiến đồng chí ấy đã gửi vẫn được giữ nguyên');
      expect((await leader.press('Xác nhận cho thôi', 'Đã cho')).text).toBe(
        'Đã cho đồng chí Hoa thôi làm cán bộ của Hội CCB tỉnh Hưng Yên.',
      );
      // A second tap on the same confirmation changes nothing.
      const again = h.emu.waitForMessage(leader.id, () => true);
      h.emu.pressButton(
        leader.user,
        confirm.message_id,
        leader.findButton('Cho thôi: Hoa').data.replace('pp:r:', 'pp:ok:'),
      );
      expect((await again).text).toContain('không còn trong danh sách');

      expect((await hoa.say('/baocao')).text).toContain('Bot chỉ dành cho cán bộ các đơn vị đã được mời');
      expect((await lan.say('/baocao', 'đã được gửi')).text).toContain('Báo cáo tháng 11/2026 đã được gửi');
      const audit = await h.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'details'])
        .where('action', '=', 'person.remove')
        .execute();
      expect(audit).toEqual([
        {
          action: 'person.remove',
          actor: `person:${await personId(leader)}`,
          details: expect.objectContaining({ name: 'Hoa', roles: ['contact'] }),
        },
      ]);
      expect((await leader.say('/trangthai', 'Đã nộp')).text).toContain('✅ Hội CCB tỉnh Hưng Yên — nộp');
    });

    it('messages still waiting for the removed person are not sent; the others are', async () => {
      const lanId = await personId(lan);
      const minhId = await personId(minh);
      const hyn = await unitId('HYN');
      // Queued, then the person removed, before the sender gets to it (one transaction: nothing else runs meanwhile).
      const removed = await inTransaction(h.db, async (trx) => {
        await enqueue(trx, [
          textMessage({ chatId: lan.id, personId: lanId, clusterId: h.clusterId }, 'Tin chờ gửi cho Lan'),
          textMessage({ chatId: minh.id, personId: minhId, clusterId: h.clusterId }, 'Tin chờ gửi cho Minh'),
        ]);
        return removePersonFromUnit(trx, {
          clusterId: h.clusterId,
          unitId: hyn,
          personId: lanId,
          actor: 'test',
          now: h.clock.now(),
        });
      });
      expect(removed.ok).toBe(true);
      await minh.waitFor('Tin chờ gửi cho Minh');
      await h.app.idle();
      expect(lan.messages().some((m) => m.text.includes('Tin chờ gửi cho Lan'))).toBe(false);
      const rows = await h.db
        .selectFrom('outbox')
        .select(['chat_id', 'status'])
        .where('chat_id', 'in', [lan.id, minh.id])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [Number(r.chat_id), r.status])).toEqual([
        [lan.id, 'expired'],
        [minh.id, 'sent'],
      ]);
      // Reminders and guidance skip them too.
      h.clock.set('2026-11-25T08:00:00+07:00');
      await h.app.dispatchReminders();
      expect(lan.messages().some((m) => m.text.includes('🔔'))).toBe(false);
      expect(minh.messages().some((m) => m.text.includes('🔔'))).toBe(true);
    });
  });

  describe('invite links', () => {
    it('a link replaced by a newer set says so; one made in chat tells the leader the others still work', async () => {
      const hyn = await unitId('HYN');
      const make = (replaceUnused: boolean) =>
        createInvite(h.db, {
          clusterId: h.clusterId,
          unitId: hyn,
          role: 'contact',
          createdBy: 'test',
          now: h.clock.now(),
          validDays: 14,
          replaceUnused,
        });
      const first = await make(false);
      const second = await make(true);
      expect(second.replaced).toBe(1);
      expect((await h.person(301, 'Hải').say(`/start ${first.code}`)).text).toContain(
        'đã được thay bằng đường dẫn mới',
      );
      await leader.say('/start', 'Xin chào');
      await leader.press('Mời cán bộ đơn vị', 'Mời cán bộ của đơn vị nào');
      const made = await leader.press('Hội CCB tỉnh Hưng Yên', 'Đường dẫn mời');
      expect(made.text).toContain('đơn vị còn 1 đường dẫn mời khác chưa ai dùng, vẫn dùng được');
      expect((await h.person(302, 'Hà').say(`/start ${second.code}`, 'Xin chào')).text).toContain(
        'Hội CCB tỉnh Hưng Yên',
      );
    });
  });

  describe('asking for more time', () => {
    it('is in the menu while the unit owes the report; one request waits for its answer', async () => {
      const menu = await lan.say('/start', 'Xin chào');
      expect(lan.buttons(menu)).toContain('🕒 Xin gia hạn');
      await lan.press('Xin gia hạn', 'Xin gõ lý do');
      const request = h.emu.waitForMessage(leader.id, (m) => m.text.includes('xin gia hạn'));
      await lan.say('Chờ số liệu', 'Đã gửi đề nghị');
      await request;
      await lan.say('/start', 'Xin chào');
      expect((await lan.press('Xin gia hạn', 'đang chờ')).text).toContain(
        'Đơn vị đã xin gia hạn lúc 10:00 ngày 20/11/2026',
      );
      expect(await h.db.selectFrom('extension_requests').selectAll().execute()).toHaveLength(1);
      // Once the report is sent, the button goes.
      await minh.submitFixtureReport();
      expect(minh.buttons(await minh.say('/start', 'Xin chào'))).not.toContain('🕒 Xin gia hạn');
    });

    it('an extension cut at the period end says so to both; old buttons do nothing weeks later', async () => {
      h.clock.set('2026-11-24T10:00:00+07:00');
      await lan.say('/start', 'Xin chào');
      await lan.press('Xin gia hạn', 'Xin gõ lý do');
      await lan.say('Chờ số liệu', 'Đã gửi đề nghị');
      await minh.say('/start', 'Xin chào');
      await minh.press('Xin gia hạn', 'Xin gõ lý do');
      await minh.say('Bão', 'Đã gửi đề nghị');
      const requests = await h.emu.waitFor(() => {
        const found = leader.messages().filter((m) => m.text.includes('xin gia hạn'));
        return found.length === 2 ? found : undefined;
      });
      const [fromLan, fromMinh] = requests as [(typeof requests)[number], (typeof requests)[number]];
      const told = h.emu.waitForMessage(lan.id, (m) => m.text.includes('đã gia hạn'));
      const sevenDays = fromLan
        .reply_markup!.inline_keyboard!.flat()
        .find((b) => b.text === 'Gia hạn thêm 7 ngày')!.callback_data!;
      const done = h.emu.waitForMessage(leader.id, (m) => m.text.startsWith('Đã gia hạn'));
      h.emu.pressButton(leader.user, fromLan.message_id, sevenDays);
      expect((await done).text).toContain(
        '• Hội CCB tỉnh Hưng Yên: đến 23:59 ngày 30/11/2026 (chỉ gia hạn được đến lúc kỳ báo cáo kết thúc)',
      );
      expect((await told).text).toContain(
        'đến 23:59 ngày 30/11/2026. Đây là lúc kỳ báo cáo kết thúc, nên không gia hạn thêm được.',
      );

      // Three weeks later: the decided request is still decided, the other one's period is over.
      h.clock.set('2026-12-15T10:00:00+07:00');
      const decided = h.emu.waitForMessage(leader.id, () => true);
      h.emu.pressButton(leader.user, fromLan.message_id, sevenDays.replace(':e7', ':no'));
      expect((await decided).text).toBe('Đề nghị này đã được trả lời.');
      const ended = h.emu.waitForMessage(leader.id, () => true);
      h.emu.pressButton(
        leader.user,
        fromMinh.message_id,
        fromMinh.reply_markup!.inline_keyboard!.flat().find((b) => b.text === 'Gia hạn thêm 3 ngày')!.callback_data!,
      );
      expect((await ended).text).toContain('đã kết thúc, không gia hạn được nữa');
      const rows = await h.db.selectFrom('extension_requests').select(['unit_id', 'decision']).orderBy('id').execute();
      expect(rows.map((r) => r.decision)).toEqual(['e7', null]);
      expect(await h.db.selectFrom('period_unit_overrides').select('unit_id').execute()).toEqual([
        { unit_id: await unitId('HYN') },
      ]);
      await h.app.idle();
      expect(minh.messages().some((m) => m.text.includes('gia hạn nộp'))).toBe(false);
    });

    it("the leader's own extension names each unit's new date", async () => {
      h.clock.set('2026-11-24T10:00:00+07:00');
      await leader.say('/trangthai', 'Đã nộp');
      await leader.press('Gia hạn / miễn nộp', 'cho đơn vị nào');
      await leader.press('Tất cả đơn vị chưa nộp', 'Xin chọn');
      await leader.press('Gia hạn thêm 3 ngày', 'Xin gõ lý do');
      const done = await leader.say('Bão số 13', 'Đã gia hạn');
      expect(done.text).toContain('• Hội CCB tỉnh Hưng Yên: đến 17:00 ngày 28/11/2026\n');
      expect(done.text).not.toContain('kỳ báo cáo kết thúc');
    });
  });

  describe("the leader's feedback", () => {
    it('"Đã nhận" turns into "Đã xác nhận", and the leader sees who pressed it under the report', async () => {
      const hoa = await h.join(203, 'Hoa', 'HYN');
      await lan.submitFixtureReport();
      await leader.waitFor('đã gửi', { includeExisting: true });
      await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
      await leader.press('Góp ý', 'cả báo cáo hay về một câu');
      await leader.press('Cả báo cáo', 'ý kiến của đồng chí');
      const lanGets = h.emu.waitForMessage(lan.id, (m) => m.text.includes('Ý kiến của Cụm trưởng'));
      const hoaGets = h.emu.waitForMessage(hoa.id, (m) => m.text.includes('Ý kiến của Cụm trưởng'));
      await leader.say('Nên nêu rõ mô hình điển hình', 'Đã gửi ý kiến');
      const notice = await lanGets;
      await hoaGets;
      lan.tap('Đã nhận');
      const marked = await h.emu.waitFor(() =>
        lan.messages().find((m) => m.message_id === notice.message_id && lan.buttons(m)[0] === '✅ Đã xác nhận'),
      );
      expect(lan.buttons(marked)).toEqual(['✅ Đã xác nhận', '💬 Trả lời']);
      // Pressed again: nothing new is recorded, and Lan is told.
      const answered = h.emu.callsOf('answerCallbackQuery').length;
      lan.tap('Đã xác nhận');
      await h.emu.waitFor(() =>
        h.emu
          .callsOf('answerCallbackQuery')
          .slice(answered)
          .find((c) => String(c.params.text ?? '').includes('đã xác nhận ý kiến này rồi')),
      );
      expect(await h.db.selectFrom('report_feedback_acks').selectAll().execute()).toHaveLength(1);

      const view = await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
      expect(view.text).toContain('<b>Ý kiến của Cụm trưởng</b>');
      expect(view.text).toMatch(/💬 Nên nêu rõ mô hình điển hình — 👍 đã nhận: Lan$/m);
      // The unit's own view does not carry the leader's tally.
      expect((await lan.press('Xem báo cáo', 'Số hội viên mới kết nạp')).text).not.toContain('đã nhận: Lan');
    });
  });

  describe('handing over the leader role', () => {
    it('every other unit hears who leads the cluster now', async () => {
      const hoa = await h.join(203, 'Hoa', 'HYN');
      await leader.say('/start', 'Xin chào');
      await leader.press('Chuyển giao cụm trưởng', 'cho đơn vị nào');
      await leader.press('Hội CCB tỉnh Hưng Yên', 'Chuyển giao vai trò Cụm trưởng');
      const minhTold = h.emu.waitForMessage(minh.id, (m) => m.text.includes('giữ vai trò Cụm trưởng'));
      await leader.press('Xác nhận chuyển giao', 'Đã chuyển giao');
      expect((await minhTold).text).toBe(
        '🔁 Từ nay <b>Hội CCB tỉnh Hưng Yên</b> giữ vai trò Cụm trưởng Cụm thi đua thử nghiệm (thay Hội CCB tỉnh Nam Định). Báo cáo, kiến nghị của đơn vị từ nay gửi tới Cụm trưởng mới qua bot như trước.',
      );
      await h.app.idle();
      // Each person gets one notice: the new leader's people theirs, nobody two.
      for (const user of [lan, hoa, minh])
        expect(user.messages().filter((m) => m.text.includes('giữ vai trò Cụm trưởng'))).toHaveLength(1);
      expect(leader.messages().filter((m) => m.text.includes('giữ vai trò Cụm trưởng'))).toEqual([]);
    });
  });

  describe('opening the next period early', () => {
    it('asks first; nothing opens or is announced until confirmed', async () => {
      await leader.say('/trangthai', 'Đã nộp');
      const confirm = await leader.press('Mở sớm kỳ sau', 'ngay bây giờ?');
      expect(confirm.text).toContain('Mở Báo cáo tháng 12/2026 ngay bây giờ?');
      expect(leader.buttons(confirm)).toEqual(['⏭ Xác nhận mở kỳ sau', '✖️ Hủy']);
      await h.app.idle();
      expect(await h.db.selectFrom('periods').select('key').where('opened_at', 'is not', null).execute()).toEqual([]);
      expect(lan.messages().some((m) => m.text.includes('đã mở'))).toBe(false);
      expect((await leader.press('✖️ Hủy', 'Đã hủy')).text).toBe('Đã hủy.');
      expect((await lan.say('/baocao', 'Câu 1/3')).text).toContain('Câu 1/3');
    });
  });

  describe('"Nhắc ngay"', () => {
    it('counts only units someone can receive, and names the others', async () => {
      await h.db.updateTable('people').set({ reachable: false }).where('telegram_user_id', '=', minh.id).execute();
      const config = await loadClusterConfig(FIXTURE_CONFIG);
      await syncClusterConfig(
        h.db,
        { ...config, units: [...config.units, { code: 'HNM', name: 'Hội CCB tỉnh Hà Nam' }] },
        'test',
      );
      h.clock.set('2026-11-23T14:10:00+07:00');
      await leader.say('/trangthai', 'Đã nộp');
      const sent = await leader.press('Nhắc ngay', 'Đã nhắc');
      // Hưng Yên (Lan) and Nam Định (the leader's own unit); Thái Bình blocked the bot, Hà Nam has nobody.
      expect(sent.text).toBe(
        'Đã nhắc 2 đơn vị chưa nộp (2 người).\n⚠️ Không nhắc được (chưa có ai đăng ký nhận tin, hoặc không liên lạc được): Hội CCB tỉnh Thái Bình, Hội CCB tỉnh Hà Nam.',
      );
      await h.app.idle();
      expect(minh.messages().some((m) => m.text.includes('🔔'))).toBe(false);
      expect(lan.messages().some((m) => m.text.includes('🔔'))).toBe(true);

      // The leader's note at escalation does not claim to have reminded them either.
      const withEscalation = await loadClusterConfig(FIXTURE_CONFIG);
      const steps = [
        { code: 'qua-han-2', daysFromDeadline: 2, time: '08:00', audience: 'all' as const, notifyLeader: true },
      ];
      await syncClusterConfig(
        h.db,
        {
          ...withEscalation,
          units: [...withEscalation.units, { code: 'HNM', name: 'Hội CCB tỉnh Hà Nam' }],
          schedules: withEscalation.schedules.map((x) => ({ ...x, reminders: steps })),
        },
        'test',
      );
      h.clock.set('2026-11-27T08:00:00+07:00');
      await h.app.dispatchReminders();
      const note = await leader.waitFor('⏰', { includeExisting: true });
      expect(note.text).toContain('còn 4 đơn vị chưa nộp');
      expect(note.text).toMatch(
        /⚠️ Không nhắc được \(chưa có ai đăng ký nhận tin, hoặc không liên lạc được\): Hội CCB tỉnh Thái Bình, Hội CCB tỉnh Hà Nam\.\nBot đã nhắc các đơn vị còn lại\.$/,
      );
    });

    it('says when nobody at all can be reached', async () => {
      await lan.submitFixtureReport();
      await h.db.updateTable('people').set({ reachable: false }).where('telegram_user_id', '=', minh.id).execute();
      await leader.say('/trangthai', 'Đã nộp');
      await leader.press('Gia hạn / miễn nộp', 'cho đơn vị nào');
      await leader.press('Hội CCB tỉnh Nam Định', 'Xin chọn');
      await leader.press('Miễn nộp kỳ này', 'Xin gõ lý do');
      await leader.say('Đơn vị chủ trì', 'Đã miễn nộp');
      await leader.say('/trangthai', 'Đã nộp');
      const nobody = await leader.press('Nhắc ngay', 'Không nhắc được');
      expect(nobody.text).toBe(
        'Không nhắc được đơn vị nào.\n⚠️ Không nhắc được (chưa có ai đăng ký nhận tin, hoặc không liên lạc được): Hội CCB tỉnh Thái Bình.',
      );
    });
  });

  describe('writing guidance', () => {
    it('a photo with a caption keeps the typed text and says so; a resend is marked with the first date', async () => {
      await leader.say('/thongbao', 'gõ nội dung');
      const typed = `Kế hoạch tháng 12. ${'Nội dung chi tiết. '.repeat(150)}`.trim();
      expect(typed.length).toBeGreaterThan(2800);
      await leader.say(typed, 'Xem lại thông báo');
      const told = h.emu.waitForMessage(leader.id, (m) => m.text.includes('giữ nguyên nội dung'));
      const preview = await leader.sendFile(
        { kind: 'photo', fileId: 'PHOTO-HN', caption: 'Ảnh hội nghị' },
        (m) => m.text.includes('Xem lại thông báo') && m.text.includes('Kèm 1 ảnh'),
      );
      expect((await told).text).toContain('Chú thích gửi kèm tệp chưa được dùng:\n<i>Ảnh hội nghị</i>');
      expect(preview.text).toContain('Kế hoạch tháng 12. Nội dung chi tiết.');
      expect(preview.text).not.toContain('\nẢnh hội nghị');
      const lanGets = h.emu.waitForMessage(lan.id, (m) => m.text.includes('Kế hoạch tháng 12'));
      await leader.press('✅ Gửi', 'Đang gửi');
      await lanGets;
      // A day later, "Gửi lại" to those who have not pressed "Đã nhận": marked, with the first date.
      h.clock.set('2026-11-21T09:00:00+07:00');
      await leader.waitFor('Đã gửi thông báo tới', { includeExisting: true });
      await leader.press('Xem đơn vị nào đã nhận', 'Tình hình nhận thông báo');
      const again = h.emu.waitForMessage(lan.id, (m) => m.text.startsWith('🔁'));
      await leader.press('Gửi lại', 'Đang gửi lại');
      const copy = await again;
      expect(copy.text).toMatch(
        /^🔁 <b>Gửi lại<\/b> thông báo ngày 20\/11\/2026: xin đồng chí đọc và bấm «Đã nhận»\.\n\n📢 <b>Thông báo của Cụm trưởng<\/b>/,
      );
      expect(lan.buttons(copy)).toEqual(['👍 Đã nhận']);
    });

    it('a caption with nothing typed yet is the text, as before', async () => {
      await leader.say('/thongbao', 'gõ nội dung');
      const preview = await leader.sendFile(
        { kind: 'photo', fileId: 'PHOTO-1', caption: 'Lịch họp tuần sau' },
        'Xem lại thông báo',
      );
      expect(preview.text).toContain('Lịch họp tuần sau');
      expect(leader.messages().some((m) => m.text.includes('giữ nguyên nội dung'))).toBe(false);
    });
  });
});
