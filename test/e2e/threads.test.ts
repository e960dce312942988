import { beforeEach, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { findUnitByCode } from '../../src/store/clusters.js';
import type { BotMessage } from '../emulator/telegram-emulator.js';
import { type TestUser, harnessPerTest } from '../support/harness.js';

const MENU = 'Xin đồng chí chọn việc cần làm';

/** What the person reads: Telegram renders the HTML tags the bot sends. */
const plain = (m: BotMessage) => m.text.replace(/<[^>]+>/g, '');

describe("a unit's conversation with the leader", () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));
  const hoa = perTest(() => h.join(202, 'Hoa', 'HYN'));
  const binh = perTest(() => h.join(301, 'Bình', 'TBH'));
  beforeEach(async () => {
    await lan.submitFixtureReport();
    await leader.waitFor('📥', { includeExisting: true });
  });

  const threadRows = () => h.db.selectFrom('thread_messages').selectAll().orderBy('id').execute();
  const later = (time: string) => h.clock.set(`2026-11-20T${time}:00+07:00`);

  /** The leader comments on the answer "Số hội viên mới kết nạp"; resolves with what Lan received. */
  async function commentOnNewMembers(body: string) {
    await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
    await leader.press('Góp ý', 'cả báo cáo hay về một câu');
    const prompt = await leader.press('Số hội viên mới kết nạp: 12 người', 'Xin gõ ý kiến');
    expect(prompt.text).toContain('về câu «Số hội viên mới kết nạp» (đơn vị trả lời: 12 người)');
    const toLan = h.emu.waitForMessage(201, (m) => m.text.includes('Ý kiến của Cụm trưởng'));
    const toHoa = h.emu.waitForMessage(202, (m) => m.text.includes('Ý kiến của Cụm trưởng'));
    const done = await leader.say(body, 'Đã gửi ý kiến');
    expect(done.text).toBe('Đã gửi ý kiến về câu «Số hội viên mới kết nạp» tới Hội CCB tỉnh Hưng Yên.');
    return { lan: await toLan, hoa: await toHoa };
  }

  it('a comment on one answer reaches every contact of the unit, quoting the report, the question and the answer', async () => {
    const { lan: told, hoa: toldHoa } = await commentOnNewMembers('Số này thấp hơn kỳ trước, xin nêu lý do');
    for (const notice of [told, toldHoa]) {
      expect(plain(notice)).toBe(
        '💬 Ý kiến của Cụm trưởng (Hội CCB tỉnh Nam Định) về Báo cáo tháng 11/2026, câu «Số hội viên mới kết nạp»\n' +
          'Đơn vị đã trả lời: 12 người\n' +
          'Số này thấp hơn kỳ trước, xin nêu lý do',
      );
      expect(lan.buttons(notice)).toEqual(['👍 Đã nhận', '💬 Trả lời']);
    }
    // Another unit hears nothing of it.
    await h.app.idle();
    expect(h.emu.messagesIn(301).some((m) => m.text.includes('Ý kiến'))).toBe(false);
    const stored = await h.db
      .selectFrom('report_feedback')
      .select(['kind', 'field_key', 'field_value', 'body'])
      .execute();
    expect(stored).toEqual([
      { kind: 'comment', field_key: 'hoi_vien_moi', field_value: 12, body: 'Số này thấp hơn kỳ trước, xin nêu lý do' },
    ]);
  });

  it('the unit answers the feedback, the leader sees it and answers, every contact of the unit gets the answer', async () => {
    await commentOnNewMembers('Xin nêu lý do');
    later('11:00');
    const prompt = await lan.press('💬 Trả lời', 'Xin gõ ý kiến trả lời');
    expect(plain(prompt)).toBe(
      'Xin gõ ý kiến trả lời Cụm trưởng, trong một tin nhắn:\n↪️ Góp ý về câu «Số hội viên mới kết nạp»: Xin nêu lý do',
    );
    const toLeader = h.emu.waitForMessage(100, (m) => m.text.includes('trả lời về'));
    await lan.say('Do nhiều hội viên chuyển sinh hoạt', 'Đã gửi tới Cụm trưởng');
    const notice = await toLeader;
    expect(plain(notice)).toBe(
      '💬 Hội CCB tỉnh Hưng Yên (đồng chí Lan) trả lời về Báo cáo tháng 11/2026:\n↪️ Góp ý về câu «Số hội viên mới kết nạp»: Xin nêu lý do\nDo nhiều hội viên chuyển sinh hoạt',
    );
    expect(leader.buttons(notice)).toEqual(['💬 Trả lời', '🧵 Xem trao đổi']);

    later('11:30');
    expect(plain(await leader.press('💬 Trả lời', 'Xin gõ nội dung'))).toBe(
      'Xin gõ nội dung gửi Hội CCB tỉnh Hưng Yên, trong một tin nhắn:\n↪️ Do nhiều hội viên chuyển sinh hoạt',
    );
    const toLan = h.emu.waitForMessage(201, (m) => m.text.includes('Cụm trưởng (Hội CCB tỉnh Nam Định) trả lời'));
    const toHoa = h.emu.waitForMessage(202, (m) => m.text.includes('Cụm trưởng (Hội CCB tỉnh Nam Định) trả lời'));
    await leader.say('Đã rõ, cảm ơn đồng chí', 'Đã gửi tới Hội CCB tỉnh Hưng Yên');
    for (const answer of [await toLan, await toHoa]) {
      expect(plain(answer)).toBe(
        '💬 Cụm trưởng (Hội CCB tỉnh Nam Định) trả lời về Báo cáo tháng 11/2026:\n↪️ Do nhiều hội viên chuyển sinh hoạt\nĐã rõ, cảm ơn đồng chí',
      );
      expect(lan.buttons(answer)).toEqual(['💬 Trả lời', '🧵 Xem trao đổi']);
    }

    const [reply, answer] = await threadRows();
    const feedback = await h.db.selectFrom('report_feedback').select('id').executeTakeFirstOrThrow();
    expect(reply).toMatchObject({
      side: 'unit',
      body: 'Do nhiều hội viên chuyển sinh hoạt',
      feedback_id: feedback.id,
      reply_to: null,
    });
    expect(answer).toMatchObject({
      side: 'leader',
      body: 'Đã rõ, cảm ơn đồng chí',
      feedback_id: null,
      reply_to: reply!.id,
    });

    // The unit can answer back from the leader's answer.
    const back = h.emu.waitForMessage(100, (m) => m.text.includes('Hoa') && m.text.includes('Chúng tôi sẽ bổ sung'));
    await hoa.press('💬 Trả lời', 'Xin gõ ý kiến trả lời');
    await hoa.say('Chúng tôi sẽ bổ sung', 'Đã gửi tới Cụm trưởng');
    expect(plain(await back)).toContain('↪️ Đã rõ, cảm ơn đồng chí\nChúng tôi sẽ bổ sung');
  });

  it("'Gửi kiến nghị' from the unit's menu reaches the leader, who answers; empty, too long and hours-old text is not sent", async () => {
    const menu = await lan.say('xin chào', MENU);
    expect(lan.buttons(menu)).toEqual(expect.arrayContaining(['📨 Gửi kiến nghị', '🧵 Trao đổi']));
    expect(leader.buttons(await leader.say('xin chào', MENU))).not.toContain('📨 Gửi kiến nghị');

    const prompt = await lan.press('Gửi kiến nghị', 'câu hỏi hoặc kiến nghị');
    expect(prompt.text).toContain('(về Báo cáo tháng 11/2026)');
    expect(lan.buttons(prompt)).toEqual(['✖️ Hủy']);
    expect((await lan.say('x'.repeat(1600), 'quá mức')).text).toBe(
      'Nội dung dài 1.600 ký tự, quá mức 1.500 ký tự. Xin đồng chí rút gọn rồi gửi lại (chưa gửi gì).',
    );
    expect((await lan.say('   ', 'chưa có nội dung')).text).toBe('Tin nhắn chưa có nội dung. Xin đồng chí gõ lại:');
    expect(await threadRows()).toEqual([]);

    const toLeader = h.emu.waitForMessage(100, (m) => m.text.includes('Kiến nghị'));
    await lan.say('Đề nghị Cụm tổ chức trao đổi kinh nghiệm về mô hình kinh tế', 'Đã gửi tới Cụm trưởng');
    const proposal = await toLeader;
    expect(plain(proposal)).toBe(
      '📨 Kiến nghị của Hội CCB tỉnh Hưng Yên (đồng chí Lan) về Báo cáo tháng 11/2026:\nĐề nghị Cụm tổ chức trao đổi kinh nghiệm về mô hình kinh tế',
    );

    const toLan = h.emu.waitForMessage(201, (m) => m.text.includes('Cụm trưởng (Hội CCB tỉnh Nam Định) trả lời'));
    await leader.press('💬 Trả lời', 'Xin gõ nội dung gửi Hội CCB tỉnh Hưng Yên');
    await leader.say('Đồng ý, Cụm sẽ tổ chức vào tháng 12', 'Đã gửi tới');
    expect((await toLan).text).toContain('Đồng ý, Cụm sẽ tổ chức vào tháng 12');

    // A prompt left for more than three hours does not take the next message.
    await lan.press('Gửi kiến nghị', 'câu hỏi hoặc kiến nghị');
    later('17:00');
    await lan.say('Chào đồng chí', MENU);
    await h.app.idle();
    expect((await threadRows()).map((r) => r.body)).toEqual([
      'Đề nghị Cụm tổ chức trao đổi kinh nghiệm về mô hình kinh tế',
      'Đồng ý, Cụm sẽ tổ chức vào tháng 12',
    ]);
    expect(h.emu.messagesIn(100).some((m) => m.text.includes('Chào đồng chí'))).toBe(false);
  });

  it('both sides read the same thread, feedback included, in order', async () => {
    await commentOnNewMembers('Xin nêu lý do');
    later('11:00');
    await lan.press('💬 Trả lời', 'Xin gõ ý kiến trả lời');
    const toLeader = h.emu.waitForMessage(100, (m) => m.text.includes('trả lời về'));
    await lan.say('Do nhiều hội viên chuyển sinh hoạt', 'Đã gửi tới Cụm trưởng');
    await toLeader;
    later('11:30');
    await leader.press('💬 Trả lời', 'Xin gõ nội dung');
    await leader.say('Đã rõ', 'Đã gửi tới');
    later('12:00');
    await leader.press('Xem báo cáo', 'Số hội viên mới kết nạp');
    await leader.press('✅ Đạt', 'là Đạt');
    await h.app.idle();

    await lan.say('menu', MENU);
    const unitView = await lan.press('🧵 Trao đổi', 'Trao đổi giữa');
    expect(lan.buttons(unitView)).toEqual(['✍️ Viết cho Cụm trưởng']);

    await leader.say('menu', MENU);
    const units = await leader.press('🧵 Trao đổi', 'Xin chọn đơn vị');
    expect(leader.buttons(units)).toEqual([
      'Hội CCB tỉnh Hưng Yên (4)',
      'Hội CCB tỉnh Thái Bình',
      'Hội CCB tỉnh Nam Định',
    ]);
    const leaderView = await leader.press('Hội CCB tỉnh Hưng Yên (4)', 'Trao đổi giữa');
    expect(leader.buttons(leaderView)).toEqual(['✍️ Viết cho đơn vị']);

    const expected = [
      '🧵 Trao đổi giữa Hội CCB tỉnh Hưng Yên và Cụm trưởng',
      'Về Báo cáo tháng 11/2026',
      '',
      '10:00 ngày 20/11/2026 · Cụm trưởng (Luyện) 💬 góp ý về câu «Số hội viên mới kết nạp» (đơn vị trả lời: 12 người):',
      'Xin nêu lý do',
      '',
      '11:00 ngày 20/11/2026 · Hội CCB tỉnh Hưng Yên (Lan):',
      'Do nhiều hội viên chuyển sinh hoạt',
      '',
      '11:30 ngày 20/11/2026 · Cụm trưởng (Luyện):',
      'Đã rõ',
      '',
      '12:00 ngày 20/11/2026 · Cụm trưởng (Luyện) ✅ đánh giá báo cáo: Đạt',
    ].join('\n');
    expect(plain(unitView)).toBe(expected);
    expect(plain(leaderView)).toBe(expected);

    // The leader writes to the unit from the thread itself.
    const toHoa = h.emu.waitForMessage(202, (m) => m.text.includes('gửi đơn vị'));
    expect((await leader.press('Viết cho đơn vị', 'Xin gõ nội dung')).text).toBe(
      'Xin gõ nội dung gửi Hội CCB tỉnh Hưng Yên, trong một tin nhắn:',
    );
    await leader.say('Xin gửi kèm danh sách hội viên mới', 'Đã gửi tới');
    expect(plain(await toHoa)).toBe(
      '💬 Cụm trưởng (Hội CCB tỉnh Nam Định) gửi đơn vị, về Báo cáo tháng 11/2026:\nXin gửi kèm danh sách hội viên mới',
    );
  });

  it("a unit cannot open or write in another unit's thread, nor answer for the leader (forged buttons)", async () => {
    await commentOnNewMembers('Xin nêu lý do');
    await lan.press('💬 Trả lời', 'Xin gõ ý kiến trả lời');
    await lan.say('Đã rõ', 'Đã gửi tới Cụm trưởng');
    const hyn = (await findUnitByCode(h.db, h.clusterId, 'HYN'))!.id;
    const tbh = (await findUnitByCode(h.db, h.clusterId, 'TBH'))!.id;
    const period = (await h.db.selectFrom('periods').select('id').executeTakeFirstOrThrow()).id;
    const feedback = (await h.db.selectFrom('report_feedback').select('id').executeTakeFirstOrThrow()).id;
    const message = (await threadRows())[0]!.id;
    await h.app.idle();
    const before = await threadRows();

    await binh.say('menu', MENU);
    const forge = async (who: TestUser, data: string) => {
      const reply = h.emu.waitForMessage(who.id, () => true);
      h.emu.pressButton(who.user, who.messages().at(-1)!.message_id, data);
      return (await reply).text;
    };
    const refusal = 'Xin lỗi, đồng chí chỉ xem và viết được trao đổi giữa đơn vị mình và Cụm trưởng.';
    for (const data of [
      `th:v:${period}:${hyn}`,
      `th:w:u:${period}:${hyn}`,
      `th:w:l:${period}:${tbh}`,
      `th:f:${feedback}`,
      `th:m:${message}`,
    ]) {
      expect(await forge(binh, data)).toBe(refusal);
    }
    // Only the leader answers for the leader, even in the unit's own thread.
    expect(await forge(lan, `th:w:l:${period}:${hyn}`)).toBe(refusal);
    expect(await forge(lan, `th:m:${message}`)).toBe(refusal);

    // Nothing was opened for writing: the next text is not taken as a message.
    await binh.say('Gửi nhờ Hưng Yên', MENU);
    await lan.say('Trả lời thay Cụm trưởng', MENU);
    await h.app.idle();
    expect(await threadRows()).toEqual(before);
    expect(await h.db.selectFrom('conversations').selectAll().execute()).toEqual([]);
    expect(h.emu.messagesIn(201).some((m) => m.text.includes('Gửi nhờ'))).toBe(false);
  });
});
