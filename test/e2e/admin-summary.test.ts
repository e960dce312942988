import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/database.js';
import { runCompiled } from '../support/compiled.js';

const configPath = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));
const admin = (args: string[], env: Record<string, string>) => runCompiled('src/cli/admin.js', args, env);

describe(`admin CLI: summary --window writes the three files (${databaseKind})`, () => {
  let dataDir: string;
  let postgres: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'admin-summary-'));
    postgres = databaseKind === 'postgres' ? await createTestDatabase() : undefined;
    env = {
      CLUSTER_CONFIG: configPath,
      ...(postgres ? { DATABASE_URL: postgres.url! } : { DATA_DIR: join(dataDir, 'db') }),
    };
  }, 60_000);
  afterAll(async () => {
    await postgres?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the XLSX, CSV and DOCX of a window into --out, and names a window that does not exist', async () => {
    expect((await admin(['sync'], env)).code).toBe(0);
    const out = join(dataDir, 'out');
    const run = await admin(['summary', '--window', 'thang:2026-Q1', '--out', out], env);
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'tong-hop-thang-2026-Q1.csv',
      'tong-hop-thang-2026-Q1.docx',
      'tong-hop-thang-2026-Q1.xlsx',
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(join(out, 'tong-hop-thang-2026-Q1.xlsx'))) as unknown as ArrayBuffer);
    expect(book.getWorksheet('Tổng hợp')!.getCell('A3').value).toBe('Hội CCB tỉnh Hưng Yên');

    const bad = await admin(['summary', '--window', 'thang:2026-13'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--window: no window "thang:2026-13"');
    // Three processes, each opening the embedded database: as slow as the process tests on a busy machine.
  }, 120_000);
});
