/**
 * A guided tour of the bot with no token and no internet: the real bot, on an in-memory
 * embedded database, talks over HTTP to the Bot API emulator, while this script plays a
 * unit's contact and the cluster leader. Every message is printed as a person would read it.
 *
 * Used by `npm run demo` (test/demo/run.ts) and checked by test/e2e/demo.test.ts.
 */
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import type { FieldDefinition } from '../../src/domain/template.js';
import type { BotMessage } from '../emulator/telegram-emulator.js';
import { startHarness, type TestUser } from '../support/harness.js';

export interface DemoOptions {
  /** The cluster config to tour (default: the shipped config/cluster.yaml). */
  configPath: string;
  /** Where each line of the transcript goes. */
  print(line: string): void;
  /** The moment the tour pretends it is (ISO); default now. */
  now?: string;
}

export interface DemoResult {
  /** The whole transcript, as printed. */
  transcript: string[];
  /** How many questions the contact answered. */
  answered: number;
}

/**
 * Runs the tour: the leader and a contact join with invite links, the leader looks at the
 * board, the contact files the current monthly report, the leader reads it and sends
 * guidance, the contact acknowledges it. Throws if the bot does not answer as expected.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const transcript: string[] = [];
  const print = (line: string) => {
    transcript.push(line);
    options.print(line);
  };
  const config = await loadClusterConfig(options.configPath);
  const leaderUnit = config.units.find((u) => u.code === config.cluster.leader)!;
  const contactUnit = config.units.find((u) => u.code !== config.cluster.leader)!;
  const schedule = config.schedules[0]!;
  const template = config.templates.find((t) => t.code === schedule.template)!;
  const fields = template.sections.flatMap((s) => s.fields);

  const h = await startHarness({ now: options.now ?? new Date().toISOString(), configPath: options.configPath });
  try {
    const names = new Map<number, string>();
    const show = (chatId: number, m: BotMessage) => {
      const buttons = (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => `[${b.text}]`);
      const text = readable(m.text || m.caption || '');
      print(`🤖 → ${names.get(chatId)}:\n${indent(text)}${buttons.length ? `\n   ${buttons.join(' ')}` : ''}`);
    };
    // Everything the bot sends or changes, as it happens.
    const seen = new Map<string, string>();
    const sweep = () => {
      for (const [chatId] of names) {
        for (const m of h.emu.messagesIn(chatId)) {
          const state = `${m.text}|${m.caption}|${JSON.stringify(m.reply_markup)}`;
          const key = `${chatId}:${m.message_id}`;
          if (seen.get(key) === state) continue;
          seen.set(key, state);
          show(chatId, m);
        }
      }
    };
    const act = async (user: TestUser, what: string, step: () => Promise<BotMessage>) => {
      sweep();
      print(`\n👤 ${names.get(user.id)}: ${what}`);
      const reply = await step();
      await h.app.idle();
      sweep();
      return reply;
    };
    type Expect = Parameters<TestUser['say']>[1];
    const say = (user: TestUser, text: string, expect?: Expect) => act(user, text, () => user.say(text, expect));
    const press = (user: TestUser, button: string | RegExp, expect?: Expect) =>
      act(user, `(bấm) ${typeof button === 'string' ? button : button.source}`, () => user.press(button, expect));

    print(`Cụm: ${config.cluster.name}. Cụm trưởng: ${leaderUnit.name}. Đơn vị báo cáo: ${contactUnit.name}.`);
    print(
      '(Bot thật, cơ sở dữ liệu nhúng trong bộ nhớ, Telegram giả lập trên 127.0.0.1: không cần mã bot, không cần Internet.)',
    );

    const leader = h.person(9001, 'Luyện');
    const contact = h.person(9002, 'Hoa');
    names.set(leader.id, `Luyện (Cụm trưởng, ${leaderUnit.name})`);
    names.set(contact.id, `Hoa (${contactUnit.name})`);

    await say(leader, `/start ${await h.invite(leaderUnit.code, 'leader')}`, 'Xin chào');
    await say(contact, `/start ${await h.invite(contactUnit.code)}`, 'Xin chào');
    await press(leader, 'Tình hình nộp báo cáo', (m) => m.text.includes(contactUnit.name));

    // The contact fills the report, each question answered as its type asks.
    let question = await press(contact, 'Làm báo cáo', /Câu 1\//);
    let answered = 0;
    while (/Câu \d+\/\d+/.test(question.text)) {
      const field = fields.find((f) => question.text.includes(f.label));
      if (!field) throw new Error(`demo: no field of the template matches the question:\n${question.text}`);
      question = await answer(field, contact, question);
      answered += 1;
    }
    if (!question.text.includes('Xin kiểm tra lại'))
      throw new Error(`demo: expected the review screen, got:\n${question.text}`);
    await press(contact, 'Gửi báo cáo', 'Đã gửi');
    await h.emu.waitForMessage(leader.id, (m) => /đã gửi/i.test(m.text), { includeExisting: true });
    sweep();
    await press(leader, '📄 Xem báo cáo', contactUnit.name);
    await press(leader, 'Tình hình nộp báo cáo', (m) => m.text.includes(contactUnit.name));

    await press(leader, 'Gửi thông báo', /thông báo/i);
    await say(leader, 'Đề nghị các đơn vị gửi báo cáo tháng trước ngày 25. Trân trọng!', /Xem trước|gửi tới/i);
    await press(leader, /^✅ Gửi/, /Đang gửi|Đã gửi/);
    await h.emu.waitForMessage(contact.id, (m) => m.text.includes('Đề nghị các đơn vị'), { includeExisting: true });
    sweep();
    await act(contact, '(bấm) 👍 Đã nhận', async () => {
      contact.tap('Đã nhận');
      return h.emu.waitFor(() =>
        h.emu
          .messagesIn(contact.id)
          .find((m) => (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => b.text.includes('Đã xác nhận'))),
      );
    });
    print('\nXong. Chạy thử tiếp với Telegram giả lập: xem README, mục «Trying it without Telegram».');
    return { transcript, answered };

    async function answer(field: FieldDefinition, user: TestUser, shown: BotMessage): Promise<BotMessage> {
      const next = /Câu \d+\/|Xin kiểm tra lại/;
      switch (field.type) {
        case 'choice':
          return press(user, field.options[0]!, next);
        case 'multi_choice':
          await act(user, `(bấm) ${field.options[0]}`, async () => {
            user.tap(field.options[0]!);
            return h.emu.waitFor(() =>
              h.emu
                .messagesIn(user.id)
                .find(
                  (m) =>
                    m.message_id === shown.message_id &&
                    (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => b.text.startsWith('☑️')),
                ),
            );
          });
          return press(user, 'Xong', next);
        case 'yes_no':
          return press(user, 'Không', next);
        case 'date':
          return say(user, '15/' + String(new Date().getMonth() + 1).padStart(2, '0'), next);
        case 'integer':
          return say(user, String(Math.min(field.max ?? 12, Math.max(field.min ?? 0, 12))), next);
        case 'decimal':
          return say(user, '2,5', next);
        case 'percent':
          return say(user, '85', next);
        case 'text':
        case 'long_text':
          return say(user, 'Các chi hội sinh hoạt đều, hội viên phấn khởi.', next);
      }
    }
  } finally {
    await h.close();
  }
}

/** Telegram shows HTML as formatting; in a terminal, drop the tags and decode the entities. */
function readable(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}
