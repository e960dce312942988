// `npm run demo`: the bot at work, with no token and no internet (see test/demo/demo.ts).
import { fileURLToPath } from 'node:url';
import { runDemo } from './demo.js';

const configPath =
  process.env.CLUSTER_CONFIG ?? fileURLToPath(new URL('../../../config/cluster.yaml', import.meta.url));
try {
  const { answered } = await runDemo({ configPath, print: (line) => console.log(line) });
  console.log(`\n(${answered} câu hỏi đã trả lời; báo cáo đã gửi, Cụm trưởng đã đọc và gửi thông báo.)`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
