// `npm run demo`: the bot at work, with no token and no internet (see test/demo/demo.ts).
import { fileURLToPath } from 'node:url';
import { releaseReusableDatabases } from '../support/database.js';
import { runDemo } from './demo.js';

const configPath =
  process.env.CLUSTER_CONFIG ?? fileURLToPath(new URL('../../../config/cluster.yaml', import.meta.url));
let failed = false;
try {
  const { answered } = await runDemo({ configPath, print: (line) => console.log(line) });
  console.log(`\n(${answered} câu hỏi đã trả lời; báo cáo đã gửi, Cụm trưởng đã đọc và gửi thông báo.)`);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  // The harness keeps one embedded database per process for reuse (as the tests do): closed here,
  // or the open PGlite keeps the process alive after the tour.
  await releaseReusableDatabases();
}
// Set after closing: PGlite's runtime resets process.exitCode when it closes.
if (failed) process.exitCode = 1;
