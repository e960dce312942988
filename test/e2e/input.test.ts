import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { parse, stringify } from 'yaml';
import type { BotMessage } from '../emulator/telegram-emulator.js';
import { startHarness, type Harness, type TestUser, harnessPerTest } from '../support/harness.js';

/**
 * What people really type: numbers with English grouping or a unit word, "Có ạ", "ngày 6/12",
 * fullwidth digits, NUL bytes and lone surrogates, invisible text, unusual values, edits and
 * forwarded messages.
 */
const FULL_FORM = fileURLToPath(new URL('../fixtures/full-form.yaml', import.meta.url));

let nextMessageId = 10_000;

/** A message as Telegram delivers it, with fields the harness's `say` does not set (forward_origin, via_bot...). */
function rawMessage(user: TestUser, text: string, extra: Record<string, unknown> = {}) {
  const from = { id: user.id, is_bot: false, first_name: user.user.first_name };
  return {
    message_id: nextMessageId++,
    from,
    chat: { id: user.id, type: 'private', first_name: user.user.first_name },
    date: Math.floor(Date.now() / 1000),
    text,
    ...extra,
  };
}

function send(h: Harness, user: TestUser, update: Record<string, unknown>, reply: string): Promise<BotMessage> {
  const waiting = h.emu.waitForMessage(user.id, (m) => (m.text ?? '').includes(reply));
  h.emu.pushUpdate(update);
  return waiting;
}

describe('answers typed as people type them', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00', configPath: FULL_FORM });
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));

  const answers = async () =>
    (await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow()).answers as Record<string, unknown>;

  /** Up to "Số hội viên mới" (no congress, so no date question). */
  async function toMembers(): Promise<void> {
    await lan.say('/baocao', 'Câu 1/');
    await lan.say('ổn định', 'Đã tổ chức Đại hội');
    await lan.say('Không ạ', 'Số hội viên mới');
  }

  it('reads "1,250.75" for a decimal, "12 người ạ", fullwidth digits, and refuses a 400-digit number naming the range', async () => {
    await toMembers();
    const huge = await lan.say('9'.repeat(400), '⚠️');
    expect(huge.text).toContain('Số quá lớn. Xin nhập số từ 0 đến 100.000');
    const over = await lan.say('1,000,000', '⚠️');
    expect(over.text).toContain('Số không được lớn hơn 100.000. Xin nhập số từ 0 đến 100.000.');
    expect(await answers()).toEqual({ tu_tuong: 'Ổn định', dai_hoi: false });
    await lan.say('１２ người ạ', 'Loại mô hình mới');
    await lan.press('Bỏ qua', 'Vốn hỗ trợ');
    await lan.say('1,250.75 triệu', 'Tỷ lệ');
    await lan.say('87,5 phần trăm', 'Kết quả nổi bật');
    expect(await answers()).toMatchObject({ hoi_vien_moi: 12, von: 1250.75, ty_le: 87.5 });
  });

  it('reads "Có ạ" and "ngày 6/12", and asks before taking a day still to come', async () => {
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức Đại hội');
    await lan.say('Có ạ', 'Ngày tổ chức Đại hội');
    const ask = await lan.say('ngày 6/12', 'Có phải');
    expect(ask.text).toContain('Ngày 06/12/2026 chưa tới (hôm nay là 20/11/2026)');
    expect(lan.buttons(ask)).toEqual(['✅ Đúng', '✏️ Nhập lại']);
    // Nothing is stored before the answer is confirmed.
    expect(await answers()).toEqual({ tu_tuong: 'Ổn định', dai_hoi: true });
    await lan.press('Nhập lại', 'Ngày tổ chức Đại hội');
    await lan.say('ngày 6/11', 'Số hội viên mới');
    expect((await answers()).ngay_dai_hoi).toBe('2026-11-06');
  });

  it('asks "did you mean…?" for 1.500 new members in a month against a yearly target of 500; typing again replaces it', async () => {
    await toMembers();
    const ask = await lan.say('1.500', 'Có phải');
    expect(ask.text).toContain('1.500 người lớn hơn cả chỉ tiêu năm 2026 (500 người)');
    expect(ask.text).toContain('Có phải đồng chí muốn ghi <b>1.500 người</b> cho câu «Số hội viên mới» không?');
    expect(await answers()).not.toHaveProperty('hoi_vien_moi');
    // Typing something else instead of a tap drops 1.500: the old "✅ Đúng" cannot store it any more.
    await lan.say('mười lăm', '⚠️');
    await lan.press('✅ Đúng', 'Nút này đã cũ');
    expect(await answers()).not.toHaveProperty('hoi_vien_moi');
    await lan.say('15', 'Loại mô hình mới');
    expect((await answers()).hoi_vien_moi).toBe(15);
    await lan.press('✅ Đúng', 'Nút này đã cũ');
    expect((await answers()).hoi_vien_moi).toBe(15);
  });

  it('asks about a value 1,000 times last period’s, and stores it once confirmed', async () => {
    h.clock.set('2026-10-20T10:00:00+07:00');
    await toMembers();
    await lan.say('42', 'Loại mô hình mới');
    await lan.press('Bỏ qua', 'Vốn hỗ trợ');
    await lan.press('Bỏ qua', 'Tỷ lệ');
    await lan.say('90', 'Kết quả nổi bật');
    await lan.say('Tốt', 'Xin kiểm tra lại');
    await lan.press('Gửi báo cáo', 'Đã gửi');

    h.clock.set('2026-11-20T10:00:00+07:00');
    await toMembers();
    const ask = await lan.say('42.000', 'Có phải');
    expect(ask.text).toContain('gấp 1.000 lần kỳ trước (42 người)');
    // 42.000 is also far above the yearly target; one question (the jump) is enough.
    await lan.press('✅ Đúng', 'Loại mô hình mới');
    const november = await h.db
      .selectFrom('reports')
      .select('answers')
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    expect(november.answers).toMatchObject({ hoi_vien_moi: 42_000 });
  });

  it('cleans NUL bytes and lone surrogates out of answers; invisible text is no answer', async () => {
    await toMembers();
    await lan.say('3', 'Loại mô hình mới');
    await lan.press('Bỏ qua', 'Vốn hỗ trợ');
    await lan.press('Bỏ qua', 'Tỷ lệ');
    await lan.say('50', 'Kết quả nổi bật');
    for (const blank of ['\u200B', '\u200B\u200D\uFEFF', '\u0000']) {
      const refused = await lan.say(blank, '⚠️');
      expect(refused.text).toContain('Chưa có câu trả lời');
    }
    expect(await answers()).not.toHaveProperty('noi_bat');
    await lan.say('Tốt\u0000 lắm \uD83D', 'Xin kiểm tra lại');
    expect((await answers()).noi_bat).toBe('Tốt lắm \uFFFD');
    // Nothing went wrong on the way: no apology.
    expect(lan.messages().some((m) => (m.text ?? '').includes('bot gặp sự cố'))).toBe(false);
  });

  it('says an edited message is not taken and how to change an answer; the stored answer stays', async () => {
    await toMembers();
    const original = rawMessage(lan, '12');
    await send(h, lan, { message: original }, 'Loại mô hình mới');
    const edited = await send(
      h,
      lan,
      { edited_message: { ...original, text: '21', edit_date: Math.floor(Date.now() / 1000) } },
      'không nhận nội dung sửa',
    );
    expect(edited.text).toContain('«↩️ Quay lại»');
    expect((await answers()).hoi_vien_moi).toBe(12);
  });

  it('asks before taking a forwarded message, or one sent via another bot, as an answer', async () => {
    await toMembers();
    const forwarded = rawMessage(lan, '30', {
      forward_origin: { type: 'user', date: 1, sender_user: { id: 999, is_bot: false, first_name: 'Khác' } },
      forward_date: 1,
    });
    const ask = await send(h, lan, { message: forwarded }, 'Có phải');
    expect(ask.text).toContain('tin nhắn chuyển tiếp');
    expect(await answers()).not.toHaveProperty('hoi_vien_moi');
    await lan.press('✅ Đúng', 'Loại mô hình mới');
    expect((await answers()).hoi_vien_moi).toBe(30);

    await lan.press('Bỏ qua', 'Vốn hỗ trợ');
    const viaBot = rawMessage(lan, '5', { via_bot: { id: 998, is_bot: true, first_name: 'GifBot', username: 'gif' } });
    await send(h, lan, { message: viaBot }, 'Có phải');
    await lan.press('Nhập lại', 'Vốn hỗ trợ');
    expect(await answers()).not.toHaveProperty('von');
  });
});

describe('names, proposals and edits outside the form', () => {
  const h = harnessPerTest({ now: '2026-11-20T10:00:00+07:00', configPath: FULL_FORM });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));

  it('lets someone whose Telegram name holds a NUL or a lone surrogate join, with the name cleaned', async () => {
    const code = await h.invite('HYN');
    const odd = h.person(301, 'Ngu\u0000yễn\uD800', 'Văn\u200B A');
    const welcome = await odd.say(`/start ${code}`, 'Xin chào');
    expect(welcome.text).toContain('Nguyễn\uFFFD Văn A');
    const person = await h.db
      .selectFrom('people')
      .select('full_name')
      .where('telegram_user_id', '=', 301)
      .executeTakeFirstOrThrow();
    expect(person.full_name).toBe('Nguyễn\uFFFD Văn A');
    // A name that is only invisible characters: named by id rather than by nothing.
    const blank = h.person(302, '\u200B\u0000');
    await blank.say(`/start ${await h.invite('HYN')}`, 'Xin chào');
    const named = await h.db
      .selectFrom('people')
      .select('full_name')
      .where('telegram_user_id', '=', 302)
      .executeTakeFirstOrThrow();
    expect(named.full_name).toBe('302');
  });

  it('cleans a proposal with NUL and refuses one made only of zero-width characters', async () => {
    await lan.press('Gửi kiến nghị', 'Xin gõ câu hỏi');
    const refused = await lan.say('\u200B\u200C\u2060', 'chưa có nội dung');
    expect(refused.text).toContain('Xin đồng chí gõ lại');
    const toLeader = leader.waitFor('Kiến nghị của');
    await lan.say('Đề nghị\u0000 hỗ trợ \uDC00vốn', 'Đã gửi tới Cụm trưởng');
    expect((await toLeader).text).toContain('Đề nghị hỗ trợ \uFFFDvốn');
    const stored = await h.db.selectFrom('thread_messages').select('body').executeTakeFirstOrThrow();
    expect(stored.body).toBe('Đề nghị hỗ trợ \uFFFDvốn');
  });

  it('does not send a forwarded message as a proposal; says to type it', async () => {
    await lan.press('Gửi kiến nghị', 'Xin gõ câu hỏi');
    const forwarded = rawMessage(lan, 'Nội dung của người khác', {
      forward_origin: { type: 'hidden_user', date: 1, sender_user_name: 'Ai đó' },
      forward_date: 1,
    });
    const said = await send(h, lan, { message: forwarded }, 'tin nhắn chuyển tiếp');
    expect(said.text).toContain('tự gõ');
    expect(await h.db.selectFrom('thread_messages').select('id').execute()).toEqual([]);
    // The prompt is still open: typing it goes.
    await lan.say('Nội dung tự gõ', 'Đã gửi tới Cụm trưởng');
  });

  it('answers an edit outside the form with a short line, and strangers not at all', async () => {
    const original = rawMessage(lan, 'xin chào');
    await send(h, lan, { message: original }, 'Xin đồng chí chọn việc cần làm');
    const said = await send(
      h,
      lan,
      { edited_message: { ...original, text: 'xin chào ạ', edit_date: 2 } },
      'không nhận nội dung sửa',
    );
    expect(said.text).toContain('gửi lại thành tin nhắn mới');

    // A stranger's edit gets nothing; the message after it gets the one explanation, alone.
    const stranger = h.person(999, 'Lạ');
    const before = rawMessage(stranger, 'chào');
    h.emu.pushUpdate({ edited_message: { ...before, text: 'chào bot', edit_date: 2 } });
    await stranger.say('chào', 'chỉ dành cho cán bộ');
    expect(stranger.messages()).toHaveLength(1);
  });
});

describe('a date without a year, for the period being reported', () => {
  let h: Harness;
  let dir: string;
  let lan: TestUser;
  beforeEach(async () => {
    // A one-off year-end report: open from 1/12/2026, due 5/1/2027, taken until 10/1/2027.
    const config = parse(await readFile(FULL_FORM, 'utf8')) as { schedules: unknown[] };
    config.schedules = [
      {
        code: 'cuoi_nam',
        template: 'thang',
        frequency: 'once',
        opens: '2026-12-01',
        deadline: { date: '2027-01-05', time: '17:00' },
        closes: '2027-01-10',
        reminders: [],
      },
    ];
    dir = await mkdtemp(join(tmpdir(), 'input-'));
    await writeFile(join(dir, 'cluster.yaml'), stringify(config));
    h = await startHarness({ now: '2027-01-02T10:00:00+07:00', configPath: join(dir, 'cluster.yaml') });
    lan = await h.join(201, 'Lan', 'HYN');
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads "28/12" typed on 2/1/2027 as 28/12/2026, without asking', async () => {
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức Đại hội');
    await lan.say('rồi', 'Ngày tổ chức Đại hội');
    await lan.say('28/12', 'Số hội viên mới');
    const report = await h.db.selectFrom('reports').select('answers').executeTakeFirstOrThrow();
    expect(report.answers).toMatchObject({ ngay_dai_hoi: '2026-12-28' });
  });

  it('asks about a date typed with a year still to come', async () => {
    await lan.say('/baocao', 'Câu 1/');
    await lan.press('Ổn định', 'Đã tổ chức Đại hội');
    await lan.say('vâng', 'Ngày tổ chức Đại hội');
    const ask = await lan.say('28/12/2027', 'Có phải');
    expect(ask.text).toContain('Ngày 28/12/2027 chưa tới');
    await lan.press('Đúng', 'Số hội viên mới');
  });
});

describe('reasons', () => {
  const h = harnessPerTest({ now: '2026-11-24T10:00:00+07:00' });
  const leader = perTest(() => h.join(100, 'Luyện', 'LEAD', 'leader'));
  const lan = perTest(() => h.join(201, 'Lan', 'HYN'));

  it('refuses a reason for more time made only of zero-width characters, then takes a real one cleaned', async () => {
    await h.app.dispatchReminders();
    await lan.waitFor('🔔', { includeExisting: true });
    await lan.press('Xin gia hạn', 'Xin gõ lý do');
    await lan.say('\u200B\u2060', 'chưa có nội dung');
    expect(await h.db.selectFrom('extension_requests').selectAll().execute()).toEqual([]);
    const request = leader.waitFor('xin gia hạn');
    await lan.say('Bão\u0000 lớn', 'Đã gửi đề nghị');
    expect((await request).text).toContain('Lý do: Bão lớn');
  });
});
