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
});
const startup = performance.now() - started;
const units = await h.db.selectFrom('units').select('code').where('kind', '=', 'chapter').orderBy('position').execute();

const leader = await h.join(100, 'Luyện', 'NDI', 'leader');
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
t = performance.now();
await leader.press('✅ Gửi', 'Đã gửi thông báo');
const broadcast = performance.now() - t;

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
  broadcast: `${ms(broadcast)} for ${contacts.length} people`,
  peakRss: `${Math.round(peakRss / 2 ** 20)} MB`,
};
console.table(result);

const failures = [
  percentile(answerLatencies, 95) > 250 && 'answer p95 above 250 ms',
  reminderPass > 3000 && 'reminder pass above 3 s',
  broadcast > 5000 && 'broadcast above 5 s',
  peakRss > 500 * 2 ** 20 && 'peak RSS above 500 MB',
].filter(Boolean);
if (failures.length) {
  console.error(`Targets missed: ${failures.join('; ')}`);
  process.exitCode = 1;
}
