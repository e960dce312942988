/**
 * Benchmark: the example cluster driven through the Bot API emulator, on the embedded
 * database (`npm run bench`) or on Postgres (`TEST_DATABASE_URL=postgres://… npm run bench`).
 * First the speed of an answer (see answers.ts): answers a second with 50 and 200 people
 * answering as fast as the bot replies, next to a bare telegraf echo bot; latency at a steady
 * 100 answers a second; statements per answer. `BENCH_ONLY=answers` stops there.
 * Then, at Telegram's real pace (30 a second): latency of one answer, a reminder pass, a
 * guidance broadcast, the queue, and peak memory. Last, the consolidated summary (see
 * summary.ts): its computation, charts and files; `BENCH_ONLY=summary` runs that alone.
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
import { ANSWERS, percentile, runAnswerBench } from './answers.js';
import { runSummaryBench } from './summary.js';

const CONFIG = fileURLToPath(new URL('../../../config/cluster.yaml', import.meta.url));

if (process.env.BENCH_ONLY === 'summary') {
  await runSummaryBench(CONFIG);
  process.exit(process.exitCode ?? 0);
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const ms = (n: number) => `${n.toFixed(1)} ms`;

// As in production after the first start: the embedded database folder already exists
// (created here by `admin migrate` in a child process) and the bot reopens it.
const useEmbedded = !process.env.TEST_DATABASE_URL;
/** A data folder migrated by `admin migrate` in a child process, as the first start leaves it. */
const migratedFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  if (useEmbedded)
    execFileSync(process.execPath, [fileURLToPath(new URL('../../src/cli/admin.js', import.meta.url)), 'migrate'], {
      env: { ...process.env, DATA_DIR: dir },
      stdio: 'inherit',
    });
  return dir;
};

{
  const dir = migratedFolder();
  const speed = await runAnswerBench({
    configPath: CONFIG,
    dir,
    openDatabase: async () => (useEmbedded ? openDatabase({ dataDir: dir }) : undefined),
    startHarness,
  });
  rmSync(dir, { recursive: true, force: true });
  const f = (n: number) => n.toFixed(1);
  const rows: Record<string, Record<string, string>> = {};
  for (const { people, report, echo } of speed.closed) {
    rows[`${people} people, report bot`] = {
      'answers/s': f(report.perSecond),
      'p50 ms': f(percentile(report.latencies, 50)),
      'p99 ms': f(percentile(report.latencies, 99)),
      'CPU ms/answer': report.cpuMsPerAnswer.toFixed(2),
      ...(useEmbedded ? {} : { 'PG CPU ms/answer': report.dbCpuMsPerAnswer.toFixed(2) }),
      'statements/answer': f(report.statements!.perAnswer),
    };
    rows[`${people} people, echo bot`] = {
      'answers/s': f(echo.perSecond),
      'p50 ms': f(percentile(echo.latencies, 50)),
      'p99 ms': f(percentile(echo.latencies, 99)),
      'CPU ms/answer': echo.cpuMsPerAnswer.toFixed(2),
      ...(useEmbedded ? {} : { 'PG CPU ms/answer': '0' }),
      'statements/answer': '0',
    };
  }
  const st = speed.steady;
  rows['steady 100/s, 50 people'] = {
    'answers/s': f(st.perSecond),
    'p50 ms': f(percentile(st.latencies, 50)),
    'p95 ms': f(percentile(st.latencies, 95)),
    'p99 ms': f(percentile(st.latencies, 99)),
    'CPU ms/answer': st.cpuMsPerAnswer.toFixed(2),
    ...(useEmbedded ? {} : { 'PG CPU ms/answer': st.dbCpuMsPerAnswer.toFixed(2) }),
    skipped: String(st.skipped),
  };
  console.log(
    `Speed of an answer (${useEmbedded ? 'pglite (data folder)' : 'postgres (TEST_DATABASE_URL)'}, ${process.version}); CPU is this process's (bot, emulator and driver; PGlite too when embedded), PG CPU the server's backends for the bot's connections`,
  );
  console.table(rows);
  console.log(`Statements per answer (50 people): ${f(speed.statements.perAnswer)}`);
  console.table(
    speed.statements.rows.map((r) => ({
      perAnswer: r.perAnswer.toFixed(2),
      ...(useEmbedded ? { 'ms/answer in PGlite': r.msPerAnswer.toFixed(2) } : {}),
      statement: r.text,
    })),
  );
  if (process.env.BENCH_ONLY === 'answers') process.exit(0);
}

const dataDir = migratedFolder();
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

// The queue alone at Telegram's pace: 300 messages to 300 chats, with the emulator enforcing
// Telegram's flood limits (30 in any second when handled; 429 beyond), then again with 0–150 ms
// of network jitter. Rate: messages per second between the first and the last one handled.
h.emu.enforceRateLimits();
const queueRun = async (firstChat: number) => {
  const from = h.emu.calls.length;
  await enqueue(
    h.db,
    Array.from({ length: 300 }, (_, i) => textMessage({ chatId: firstChat + i }, `Tin thử ${i}`)),
  );
  const started = performance.now();
  h.app.bot.context.deps!.outbox.wake();
  // idle() gives up after 20 s; a loaded machine may need longer (the figures then say so).
  for (let i = 0; ; i++) {
    try {
      await h.app.idle();
      break;
    } catch (error) {
      if (i >= 10) throw error;
    }
  }
  const elapsed = performance.now() - started;
  const calls = h.emu.calls.slice(from).filter((c) => c.method === 'sendMessage');
  const handled = calls
    .filter((c) => c.ok)
    .map((c) => c.at.getTime())
    .sort((a, b) => a - b);
  const busiest = Math.max(...handled.map((at) => handled.filter((c) => c >= at && c < at + 1000).length));
  const rate = ((handled.length - 1) * 1000) / (handled.at(-1)! - handled[0]!);
  return { elapsed, busiest, rate, refused: calls.filter((c) => !c.ok).length, calls: calls.length };
};
const q = await queueRun(50_000);
const queue300 = q.elapsed;
const busiestSecond = q.busiest;
h.emu.setJitter(150);
const qj = await queueRun(60_000);
h.emu.setJitter(0);

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
  queue300rate: `${q.rate.toFixed(1)}/s (${((q.rate / DEFAULT_PACE.perSecond) * 100).toFixed(1)}% of ${DEFAULT_PACE.perSecond}/s), ${q.refused} of ${q.calls} refused (429)`,
  queue300jitter: `with 0–150 ms jitter: ${qj.rate.toFixed(1)}/s (${((qj.rate / DEFAULT_PACE.perSecond) * 100).toFixed(1)}%), at most ${qj.busiest} in any second, ${qj.refused} of ${qj.calls} refused`,
  peakRss: `${Math.round(peakRss / 2 ** 20)} MB`,
};
console.table(result);

const failures = [
  percentile(answerLatencies, 95) > 250 && 'answer p95 above 250 ms',
  reminderPass > 3000 && 'reminder pass above 3 s',
  broadcast > 5000 && 'broadcast above 5 s',
  busiestSecond > 30 && 'more than 30 messages in one second',
  q.rate < 0.95 * DEFAULT_PACE.perSecond && "queue below 95% of Telegram's 30 a second",
  q.refused > q.calls * 0.01 && 'more than 1% of the queue refused (429)',
  qj.refused > qj.calls * 0.01 && 'more than 1% refused (429) with jitter',
  queue300 > 12_000 && 'queue of 300 slower than 12 s',
  peakRss > 500 * 2 ** 20 && 'peak RSS above 500 MB',
].filter(Boolean);
if (failures.length) {
  console.error(`Targets missed: ${failures.join('; ')}`);
  process.exitCode = 1;
}

await runSummaryBench(CONFIG);
