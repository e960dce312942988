import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { vi as text } from '../../src/i18n/vi.js';
import { startHarness, type Harness, type TestUser, harnessPerTest } from '../support/harness.js';

/** Errors a person did not cause get a clear answer, never the apology. */
describe('old, odd and message-less button taps', () => {
  const h = harnessPerTest({ now: '2026-11-24T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));

  const apologies = (user: TestUser) => user.messages().filter((m) => m.text.includes('Xin lỗi, bot gặp sự cố'));
  /** Waits until the tap with this callback id was answered; returns the answer's text. */
  const answerOf = async (queryId: string) =>
    (
      await h.emu.waitFor(() =>
        h.emu.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === queryId),
      )
    ).params.text;
  let nextQuery = 1;

  it('answers buttons whose ids are too large, zero or negative as stale buttons, for every kind', async () => {
    await leader.say('/trangthai', 'Đã nộp');
    const message = leader.messages().at(-1)!;
    const datas = [
      'rp:start:99999999999',
      'bd:nudge:123456789012',
      'bd:close-ok:2147483648',
      'xr:9999999999',
      'xa:99999999999:e3',
      'ad:1:99999999999',
      'ad:99999999999:0:e3',
      'gd:ack:2147483648',
      'fb:ack:9999999999',
      'fb:accept:0',
      'br:r:1:99999999999',
      'br:u:0',
      'lr:99999999999:1:ok',
      'th:m:0',
      'iv:-5',
      'gd:grid:1a',
    ];
    // Four taps at a time: a dozen at once would be a flood, handled silently (throttle.ts).
    for (let i = 0; i < datas.length; i += 4) {
      const wave = datas.slice(i, i + 4);
      const before = h.emu.callsOf('answerCallbackQuery').length;
      for (const data of wave) h.emu.pressButton(leader.user, message.message_id, data);
      const answers = await h.emu.waitFor(
        () => {
          const all = h.emu.callsOf('answerCallbackQuery').slice(before);
          return all.length >= wave.length && all;
        },
        { timeoutMs: 20_000 },
      );
      expect(answers.map((a) => a.params.text)).toEqual(wave.map(() => text.staleButton));
    }
    // Everything after is still served, and nothing got the apology.
    await leader.say('/trangthai', 'Đã nộp');
    expect(apologies(leader)).toEqual([]);
  });

  it("answers a tap that comes without its message, in the person's chat", async () => {
    const tap = (user: TestUser, data: string) => {
      const id = `nomsg-${nextQuery++}`;
      h.emu.pushUpdate({
        callback_query: { id, from: { ...user.user, is_bot: false }, chat_instance: String(user.id), data },
      });
      return id;
    };
    const help = lan.waitFor('Hướng dẫn sử dụng');
    const helpTap = tap(lan, 'm:help');
    await help;
    await answerOf(helpTap);

    const question = lan.waitFor('Câu 1/3');
    tap(lan, 'm:report');
    await question;

    const board = leader.waitFor('Đã nộp');
    const refresh = tap(leader, 'bd:refresh');
    await board;
    await answerOf(refresh);

    const dismissed = leader.waitFor('Đã hủy.');
    tap(leader, 'x');
    await dismissed;

    expect(await answerOf(tap(leader, 'no:such:button'))).toBe(text.staleButton);
    // A stranger's tap is answered with the short explanation, and nothing is sent.
    expect(await answerOf(tap(h.person(999, 'Ai'), 'm:help'))).toContain('Xin chào');
    expect(h.emu.messagesIn(999)).toEqual([]);
    expect([...apologies(lan), ...apologies(leader)]).toEqual([]);
  });

  it('says the period has ended on every old button of a period the leader closed', async () => {
    await h.app.dispatchReminders(); // the "3 days before" reminder, with its buttons
    await lan.waitFor('🔔', { includeExisting: true });
    await lan.press('Xin gia hạn', 'Xin gõ lý do');
    const request = h.emu.waitForMessage(100, (m) => m.text.includes('xin gia hạn'));
    await lan.say('Chờ số liệu', 'Đã gửi đề nghị');
    await request;
    await leader.say('/trangthai', 'Đã nộp');
    await leader.press('Đóng kỳ sớm', 'ngay bây giờ?');
    await leader.press('Xác nhận đóng kỳ', 'Đã đóng');

    const ended = 'Kỳ báo cáo này đã kết thúc';
    // The leader's board, its controls and the request for more time.
    expect((await leader.press('Nhắc ngay', () => true)).text).toContain(ended);
    expect((await leader.press('Gia hạn / miễn nộp', () => true)).text).toContain(ended);
    expect((await leader.press('Mở sớm kỳ sau', () => true)).text).toContain(ended);
    expect((await leader.press('Xác nhận đóng kỳ', () => true)).text).toContain(ended);
    expect((await leader.press('Gia hạn thêm 3 ngày', () => true)).text).toBe(
      'Kỳ báo cáo của đề nghị này đã kết thúc, không gia hạn được nữa.',
    );
    // The unit's reminder.
    expect((await lan.press('Xin gia hạn', () => true)).text).toContain(ended);
    expect((await lan.press('Làm báo cáo', () => true)).text).toContain(ended);
    expect(await h.db.selectFrom('period_unit_overrides').selectAll().execute()).toEqual([]);
    expect([...apologies(lan), ...apologies(leader)]).toEqual([]);
  });

  it('says the period has ended on old buttons once the period is over by the calendar', async () => {
    await leader.say('/trangthai', 'Đã nộp');
    h.clock.set('2026-12-02T10:00:00+07:00');
    const ended = 'Kỳ báo cáo này đã kết thúc';
    expect((await leader.press('Nhắc ngay', () => true)).text).toContain(ended);
    expect((await leader.press('Gia hạn / miễn nộp', () => true)).text).toContain(ended);
    expect((await leader.press('Đóng kỳ sớm', () => true)).text).toContain(ended);
  });
});

describe('a tick on a multiple-choice question that comes without its message', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('keeps the tick and shows the choice with the buttons anew', async () => {
    h = await startHarness({
      now: '2026-11-20T10:00:00+07:00',
      configPath: fileURLToPath(new URL('../fixtures/full-form.yaml', import.meta.url)),
    });
    const lan = await h.join(201, 'Lan', 'HYN');
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức Đại hội');
    await lan.press('Không', 'Số hội viên mới');
    await lan.say('3', 'Loại mô hình mới');
    const { data } = lan.findButton('Kinh tế');
    const shown = lan.waitFor('Đã chọn: Kinh tế');
    h.emu.pushUpdate({
      callback_query: { id: 'old-tick', from: { ...lan.user, is_bot: false }, chat_instance: '201', data },
    });
    expect(lan.buttons(await shown)).toContain('☑️ Kinh tế');
    await lan.press('Xong', 'Vốn hỗ trợ');
    const row = await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow();
    expect((row.answers as Record<string, unknown>).loai_mo_hinh).toEqual(['Kinh tế']);
  });
});
