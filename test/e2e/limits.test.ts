import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { BotMessage } from '../emulator/telegram-emulator.js';
import { parseTelegramHtml } from '../emulator/telegram-rules.js';
import { FIXTURE_CONFIG, startHarness, type Harness, type TestUser } from '../support/harness.js';

// Telegram refuses a text over 4,096 characters and a caption over 1,024: the emulator does too,
// so anything the bot sends that is too long, or is not valid HTML, fails these tests.

const UNIT = 'Hội CCB Hưng Yên & <Phố Hiến>';
const LONG_LABEL = `Kiến nghị, đề xuất ${'và những điều cần báo cáo thêm với Cụm trưởng '.repeat(4)}`
  .slice(0, 200)
  .trim();

/** A long answer with what HTML would misread: < > & and tags written by a person. */
function longText(length: number, tag: string): string {
  let text = '';
  for (let i = 0; text.length < length; i++)
    text += `${tag} <b>giả</b> & "mô hình" > kế hoạch ${i}${i % 6 === 5 ? '\n' : ', '}`;
  return text.slice(0, length).trimEnd();
}

/** What the reader sees, whitespace folded (parts are cut at line breaks or spaces). */
function seen(messages: BotMessage[]): string {
  return messages
    .map((m) => parseTelegramHtml(m.text || m.caption || ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}
const folded = (text: string) => text.replace(/\s+/g, ' ');

describe('long messages reach people whole, in several messages', () => {
  let h: Harness;
  let dir: string;
  let leader: TestUser;
  let lan: TestUser;
  let minh: TestUser;
  let ha: TestUser;

  beforeEach(async () => {
    const config = parse(await readFile(FIXTURE_CONFIG, 'utf8')) as {
      units: { code: string; name: string }[];
      templates: { sections: unknown[] }[];
    };
    config.units.find((u) => u.code === 'HYN')!.name = UNIT;
    config.templates[0]!.sections = [
      {
        title: 'Nhiệm vụ 5: Thông tin hai chiều',
        fields: [
          { key: 'ket_qua', label: 'Kết quả nổi bật', type: 'long_text', maxLength: 3500 },
          { key: 'cach_lam', label: 'Cách làm hay', type: 'long_text', maxLength: 3500 },
          { key: 'kien_nghi', label: LONG_LABEL, type: 'long_text', maxLength: 3500 },
        ],
      },
    ];
    dir = await mkdtemp(join(tmpdir(), 'limits-'));
    await writeFile(join(dir, 'cluster.yaml'), stringify(config));
    h = await startHarness({ now: '2026-11-24T10:00:00+07:00', configPath: join(dir, 'cluster.yaml') });
    leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    lan = await h.join(201, 'Lan', 'HYN');
    minh = await h.join(202, 'Minh', 'TBH');
    ha = await h.join(203, 'Hà', 'LEAD');
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function submit(answers: [string, string, string]) {
    await lan.say('/baocao', 'Câu 1/3');
    await lan.say(answers[0], 'Câu 2/3');
    await lan.say(answers[1], 'Câu 3/3');
    await lan.say(answers[2], 'Xin kiểm tra lại');
    await lan.press('Gửi báo cáo', 'Đã gửi');
  }

  async function correct(label: string, value: string) {
    await lan.press(label, 'Hiện tại:');
    await lan.say(value, (m) => lan.buttons(m).includes('✔️ Xong, lưu thay đổi'));
  }

  /** The leader's messages from `from` on, once the one with "📄 Xem báo cáo" has come. */
  async function noticeFrom(from: number): Promise<BotMessage[]> {
    await h.emu.waitFor(
      () =>
        leader
          .messages()
          .slice(from)
          .some((m) => leader.buttons(m).includes('📄 Xem báo cáo')),
      { timeoutMs: 15_000 },
    );
    const messages = leader.messages().slice(from);
    return messages.slice(0, messages.findIndex((m) => leader.buttons(m).includes('📄 Xem báo cáo')) + 1);
  }

  const before = [longText(1500, 'Một'), longText(1000, 'Hai'), longText(1000, 'Ba')] as [string, string, string];
  const after = [longText(1500, 'Sửa một'), longText(1000, 'Sửa hai'), longText(1000, 'Sửa ba')];

  async function correctAll() {
    await lan.say('/baocao', 'đã được gửi');
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await correct('Kết quả nổi bật', after[0]!);
    await lan.press('Sửa một câu', 'chọn câu cần sửa');
    await correct('Cách làm hay', after[1]!);
    await lan.press('Sửa một câu', 'chọn câu cần sửa');
    await correct(LONG_LABEL.slice(0, 30), after[2]!);
  }

  it('three long corrections: the leader hears every change, in several messages, and the contact is told the truth', async () => {
    await submit(before);
    await correctAll();
    const from = leader.messages().length;
    const told = await lan.press('Xong, lưu thay đổi', 'Đã lưu các thay đổi');
    expect(told.text).toContain('đang gửi báo Cụm trưởng');
    const notice = await noticeFrom(from);
    expect(notice.length).toBeGreaterThan(1);
    expect(notice[0]!.text).toContain('đã sửa');
    const text = seen(notice);
    for (const value of [...before, ...after]) expect(text).toContain(folded(value));
    // What people typed is shown as typed, not read as HTML.
    expect(text).toContain('<b>giả</b> & "mô hình" >');
    await h.app.idle();
    const rows = await h.db
      .selectFrom('outbox')
      .select(['status', 'failure'])
      .where('chat_id', '=', leader.id)
      .execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const revisions = await h.db.selectFrom('report_revisions').select('announced_at').execute();
    expect(revisions).toHaveLength(3);
    expect(revisions.every((r) => r.announced_at !== null)).toBe(true);
    expect(lan.messages().some((m) => m.text.includes('Chưa báo được'))).toBe(false);

    // The report, corrections included, is far over one message: it comes in parts, the buttons under the last.
    const shown = leader.messages().length;
    await leader.press('📄 Xem báo cáo', (m) => leader.buttons(m).includes('✅ Đạt'));
    const view = leader.messages().slice(shown);
    expect(view.length).toBeGreaterThan(2);
    for (const value of [...before, ...after]) expect(seen(view)).toContain(folded(value));
  });

  it('a change notice Telegram refuses is not counted as told: the contact hears why, and the next "Xong" tells it again', async () => {
    await submit(before);
    await correctAll();
    h.emu.failNext('sendMessage', { error_code: 400, description: 'Bad Request: TEXT_INVALID' }, { chatId: leader.id });
    const warned = lan.waitFor('Chưa báo được Cụm trưởng');
    await lan.press('Xong, lưu thay đổi', 'Đã lưu các thay đổi');
    const warning = await warned;
    expect(warning.text).toContain('Telegram từ chối tin nhắn này');
    expect(warning.text).not.toContain('đường truyền');
    const revisions = await h.db.selectFrom('report_revisions').select('announced_at').execute();
    expect(revisions.every((r) => r.announced_at === null)).toBe(true);

    await lan.say('/baocao', 'đã được gửi');
    await lan.press('Sửa báo cáo', 'chọn câu cần sửa:');
    await lan.press('Quay lại', 'Xin kiểm tra lại');
    const from = leader.messages().length;
    await lan.press('Xong, lưu thay đổi', 'Đã lưu các thay đổi');
    const text = seen(await noticeFrom(from));
    for (const value of after) expect(text).toContain(folded(value));
    await h.app.idle();
    expect(
      (await h.db.selectFrom('report_revisions').select('announced_at').execute()).every(
        (r) => r.announced_at !== null,
      ),
    ).toBe(true);
  });

  it('shares a long answer with a long label and a note: delivered whole, the tally true, a refusal named as such', async () => {
    const shared = longText(3500, 'Kinh nghiệm');
    await submit(['Ngắn gọn', 'Ngắn gọn', shared]);
    await leader.waitFor('đã gửi Báo cáo tháng', { includeExisting: true });
    await leader.press('📄 Xem báo cáo', (m) => leader.buttons(m).includes('🌟 Chia sẻ kinh nghiệm'));
    await leader.press('Chia sẻ kinh nghiệm', 'Chia sẻ câu trả lời nào');
    await leader.press(LONG_LABEL.slice(0, 30), (m) => leader.buttons(m).includes('✅ Gửi tới các đơn vị'));
    const note = longText(300, 'Lời nhắn');
    const preview = await leader.say(note, (m) => leader.buttons(m).includes('✅ Gửi tới các đơn vị'));
    expect(parseTelegramHtml(preview.text)).toContain('Nếu đúng, xin bấm');

    // Hà's copy is refused by Telegram (a 400, not a network fault); Minh gets the whole of it.
    h.emu.failNext('sendMessage', { error_code: 400, description: 'Bad Request: TEXT_INVALID' }, { chatId: ha.id });
    const result = await leader.press('Gửi tới các đơn vị', 'Đã chia sẻ kinh nghiệm');
    expect(result.text).toContain('Đã chia sẻ kinh nghiệm tới 1/2 người.');
    expect(result.text).toContain('Hà (Hội CCB tỉnh Nam Định): Telegram từ chối tin nhắn này');
    expect(result.text).not.toContain('đường truyền');
    const got = minh.messages();
    const share = got.slice(got.findIndex((m) => m.text.includes('Trao đổi kinh nghiệm')));
    expect(share.length).toBeGreaterThan(1);
    expect(minh.buttons(share.at(-1)!)).toEqual(['👍 Đã nhận']);
    expect(seen(share)).toContain(folded(shared));
    expect(seen(share)).toContain(folded(note));
  });

  it('a thread of long messages with < > & in them is read whole by both sides', async () => {
    const written = [longText(1500, 'Kiến nghị một'), longText(1500, 'Kiến nghị hai'), longText(1500, 'Kiến nghị ba')];
    for (const text of written) {
      await lan.say('xin chào', 'chọn việc cần làm');
      await lan.press('Gửi kiến nghị', 'câu hỏi hoặc kiến nghị');
      const toLeader = h.emu.waitForMessage(leader.id, (m) => m.text.includes('Kiến nghị của'));
      await lan.say(text, 'Đã gửi tới Cụm trưởng');
      expect(seen([await toLeader])).toContain(folded(text));
    }
    await lan.say('xin chào', 'chọn việc cần làm');
    const from = lan.messages().length;
    await lan.press('🧵 Trao đổi', (m) => lan.buttons(m).includes('✍️ Viết cho Cụm trưởng'));
    const thread = lan.messages().slice(from);
    expect(thread.length).toBeGreaterThan(1);
    for (const text of written) expect(seen(thread)).toContain(folded(text));

    await leader.say('xin chào', 'chọn việc cần làm');
    await leader.press('🧵 Trao đổi', 'Xin chọn đơn vị');
    const start = leader.messages().length;
    await leader.press(`${UNIT} (3)`, (m) => leader.buttons(m).includes('✍️ Viết cho đơn vị'));
    const leaderView = leader.messages().slice(start);
    expect(leaderView.length).toBeGreaterThan(1);
    for (const text of written) expect(seen(leaderView)).toContain(folded(text));
  });

  it('guidance with a document whose caption is too long: the file, then the whole text with "Đã nhận"', async () => {
    const caption = longText(1000, 'Thông báo');
    await leader.say('/thongbao', 'gõ nội dung');
    await leader.sendFile(
      { kind: 'document', fileId: 'DOC-KH', fileName: 'ke-hoach <2027> & du-toan.pdf', caption },
      'Xem lại thông báo',
    );
    const tally = leader.waitFor('Đã gửi thông báo tới');
    await leader.press('✅ Gửi', 'Đang gửi thông báo');
    expect((await tally).text).toBe('Đã gửi thông báo tới 3/3 người.');
    const got = minh.messages();
    const file = got.findIndex((m) => m.kind === 'document');
    expect(got[file]!.caption).toContain('Tệp kèm thông báo của Cụm trưởng');
    const rest = got.slice(file + 1);
    expect(minh.buttons(rest.at(-1)!)).toEqual(['👍 Đã nhận']);
    expect(seen(rest)).toContain(folded(caption));
  });

  it('text sent without saying HTML still shows & and < as written (a unit named with them)', async () => {
    await h.app.dispatchReminders();
    await lan.waitFor('🔔', { includeExisting: true });
    await lan.press('Xin gia hạn', 'Xin gõ lý do');
    const request = h.emu.waitForMessage(leader.id, (m) => m.text.includes('xin gia hạn'));
    await lan.say('Bận <họp> & đi công tác', 'Đã gửi đề nghị');
    expect(parseTelegramHtml((await request).text)).toContain(`${UNIT} (đồng chí Lan) xin gia hạn`);
    await leader.press('Không đồng ý', 'không gia hạn');
    const answer = h.emu.callsOf('sendMessage').findLast((c) => c.params.chat_id === leader.id)!;
    const visible =
      answer.params.parse_mode === 'HTML' ? parseTelegramHtml(String(answer.params.text)) : String(answer.params.text);
    expect(visible).toBe(`Đã trả lời ${UNIT}: không gia hạn.`);
  });
});
