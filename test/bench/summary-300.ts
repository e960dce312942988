/**
 * The summary benchmark's large case (summary.ts): 300 units × 12 months, the year's files'
 * data, its XLSX and its charts, timed in ms with the process's RSS in MB before and at its
 * peak. Run in the benchmark's own process on Postgres; on the embedded database in a child
 * process (`node summary-300.js <dataDir> <configPath>`, printing one JSON line) that reopens
 * the data folder the parent seeded, as the bot reopens its folder at every start: creating
 * a folder costs PGlite's WASM memory once (~800 MB), which is not the bot's running budget.
 */
import { fileURLToPath } from 'node:url';
import { summaryCharts } from '../../src/documents/summary-charts.js';
import { summaryWorkbook } from '../../src/documents/summary-xlsx.js';
import type { Actor } from '../../src/services/actor.js';
import { summaryDocuments } from '../../src/services/summary.js';
import { serviceFixture, type ServiceFixture } from '../support/services.js';

export const BIG_WINDOW = 'bao-cao-thang:2026';

export interface BigSummaryFigures {
  dataMs: number;
  xlsxMs: number;
  xlsxKb: number;
  chartsMs: number;
  beforeMb: number;
  peakMb: number;
}

/** Times the large window's files for `leader`, sampling RSS every 10 ms. */
export async function measureBigSummary(f: ServiceFixture, leader: Actor): Promise<BigSummaryFigures> {
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    return { result: await run(), ms: Math.round(performance.now() - started) };
  };
  try {
    const data = await timed(() => summaryDocuments(f.deps, leader, { windowKey: BIG_WINDOW }));
    const xlsx = await timed(() => summaryWorkbook(data.result));
    const charts = await timed(() => summaryCharts(data.result.summary));
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      dataMs: data.ms,
      xlsxMs: xlsx.ms,
      xlsxKb: Math.round(xlsx.result.bytes.length / 1024),
      chartsMs: charts.ms,
      beforeMb: mb(before),
      peakMb: mb(peak),
    };
  } finally {
    clearInterval(sampler);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir, configPath] = process.argv.slice(2);
  const f = await serviceFixture({ now: '2027-01-10T03:00:00Z', configPath: configPath!, dataDir: dataDir! });
  const leader = await f.member(100, 'Luyện', 'NBH', 'leader');
  const figures = await measureBigSummary(f, leader);
  await f.close();
  console.log(JSON.stringify(figures));
}
