/**
 * Benchmark: the example cluster (9 units, 2 contacts each, 10-question report) driven
 * through the Bot API emulator on the embedded database. Run: `npm run bench`.
 * Prints latency of one answer (person's message → bot's next question), a reminder pass,
 * a guidance broadcast, and peak memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/connect.js';
import { enqueue, textMessage } from '../../src/delivery/outbox.js';
import { DEFAULT_PACE } from '../../src/delivery/sender.js';
import { startHarness, type TestUser } from '../support/harness.js';

const CONFIG = fileURLToPath(new URL('../../../config/cluster.yaml', import.meta.url));
/** The example template's questions, answered by typing (buttons accept the same text). */
const ANSWERS = ['1', '3', 'không', '45', '2', '1, 3', '7', '1.250,5', '12', '87,5%', 'Kết nạp nhiều hội viên trẻ', 'Thiếu kinh phí', 'Đề nghị tập huấn'];

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

// As in production after the first start: the embedded database folder already exists
// (created here by `admin migrate` in a child process) and the bot reopens it.
const useEmbedded = !process.env.TEST_DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
if (useEmbedded) {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../src/cli/admin.js', import.meta.url)), 'migrate'], { env: { ...process.env, DATA_DIR: dataDir }, stdio: 'inherit' });
}
const started = performance.now();
const h = await startHarness({
  now: '2026-11-20T09:00:00+07:00',
  configPath: CONFIG,
  ...(useEmbedded ? { database: await openDatabase({ dataDir }) } : {}),
  // Telegram's real limits: 30 a second overall, one a second per chat.
  delivery: { pace: DEFAULT_PACE, pollMs: 200 },
});
const startup = performance.now() - started;
const units = await h.db.selectFrom('units').select('code').where('kind', '=', 'chapter').orderBy('position').execute();

const leader = await h.join(100, 'Luyện', 'NBH', 'leader');
const contacts: TestUser[] = [];
let id = 1000;
for (const unit of units) {
  for (let i = 0; i < 2; i++) contacts.push(await h.join(++id, `Cán bộ ${id}`, unit.code));
}

h.clock.set('2026-11-22T08:00:00+07:00');
let t = performance.now();
const reminders = await h.app.dispatchReminders();
const reminderPass = performance.now() - t;

// The first contact of each unit fills the whole report, units one after another.
const answerLatencies: number[] = [];
for (let u = 0; u < units.length; u++) {
  const user = contacts[u * 2]!;
  await user.say('/baocao', 'Câu 1/');
  for (const [i, answer] of ANSWERS.entries()) {
    const expected = i + 1 < ANSWERS.length ? `Câu ${i + 2}/` : 'Xin kiểm tra lại';
    t = performance.now();
    await user.say(answer, expected);
    answerLatencies.push(performance.now() - t);
  }
  await user.press('Gửi báo cáo', 'Đã gửi');
}

t = performance.now();
await leader.say('/trangthai', 'Đã nộp');
const board = performance.now() - t;

await leader.say('/thongbao', 'gõ nội dung');
await leader.say('Đề nghị các đơn vị tổ chức sinh hoạt chính trị ngày 6/12.', 'Xem lại thông báo');
// Until every contact has the message (the leader's chat, paced at one a second, still
// holds the nine "đã gửi" notices before the tally).
t = performance.now();
await leader.press('✅ Gửi', 'Đang gửi');
const hasGuidance = (c: TestUser) => c.messages().some((m) => m.text.includes('Thông báo của Cụm trưởng'));
await h.emu.waitFor(() => contacts.every(hasGuidance) || undefined, { timeoutMs: 30_000 });
const broadcast = performance.now() - t;
await h.app.idle();

// The queue alone at Telegram's pace: 300 messages to 300 chats.
await enqueue(h.db, Array.from({ length: 300 }, (_, i) => textMessage({ chatId: 50_000 + i }, `Tin thử ${i}`)));
t = performance.now();
h.app.bot.context.deps!.outbox.wake();
await h.app.idle();
const queue300 = performance.now() - t;
const claims = (await h.db.selectFrom('outbox').select('claimed_at').where('chat_id', '>=', 50_000).execute()).map((r) => r.claimed_at!.getTime());
const busiestSecond = Math.max(...claims.map((at) => claims.filter((c) => c >= at && c < at + 1000).length));

await h.close();
clearInterval(sampler);
rmSync(dataDir, { recursive: true, force: true });

const result = {
  node: process.version,
  database: useEmbedded ? 'pglite (data folder)' : 'postgres (TEST_DATABASE_URL)',
  startup: ms(startup),
  answers: answerLatencies.length,
  answerMedian: ms(percentile(answerLatencies, 50)),
  answerP95: ms(percentile(answerLatencies, 95)),
  answerMax: ms(Math.max(...answerLatencies)),
  reminderPass: `${ms(reminderPass)} for ${reminders.claimed} messages`,
  board: ms(board),
  broadcast: `${ms(broadcast)} until all ${contacts.length} people have it`,
  queue300: `${ms(queue300)} for 300 chats, at most ${busiestSecond} in any second`,
  peakRss: `${Math.round(peakRss / 2 ** 20)} MB`,
};
console.table(result);

const failures = [
  percentile(answerLatencies, 95) > 250 && 'answer p95 above 250 ms',
  reminderPass > 3000 && 'reminder pass above 3 s',
  broadcast > 5000 && 'broadcast above 5 s',
  busiestSecond > 30 && 'more than 30 messages in one second',
  queue300 > 12_000 && 'queue of 300 slower than 12 s',
  peakRss > 500 * 2 ** 20 && 'peak RSS above 500 MB',
].filter(Boolean);
if (failures.length) {
  console.error(`Targets missed: ${failures.join('; ')}`);
  process.exitCode = 1;
}
