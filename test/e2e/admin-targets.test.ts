import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/database.js';
import { runCompiled } from '../support/compiled.js';

// Targets 2026: HYN 120 new members and 1 000 members, TBH 120, LEAD 60.
const configPath = fileURLToPath(new URL('../fixtures/summary.yaml', import.meta.url));
const admin = (args: string[], env: Record<string, string>) => runCompiled('src/cli/admin.js', args, env);

async function openBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  return book;
}

describe(`admin CLI: targets template and targets import (${databaseKind})`, () => {
  let dir: string;
  let postgres: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'admin-targets-'));
    postgres = databaseKind === 'postgres' ? await createTestDatabase() : undefined;
    env = {
      CLUSTER_CONFIG: configPath,
      ...(postgres ? { DATABASE_URL: postgres.url! } : { DATA_DIR: join(dir, 'db') }),
    };
  }, 60_000);
  afterAll(async () => {
    await postgres?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the template, imports the edited sheet, refuses a bad one with row and column, and a sync keeps the import', async () => {
    expect((await admin(['sync'], env)).code).toBe(0);
    const template = join(dir, 'chi-tieu-2026.xlsx');
    const written = await admin(['targets', 'template', '--year', '2026', '--out', template], env);
    expect(written.code, written.stderr).toBe(0);
    const book = await openBook(template);
    const sheet = book.getWorksheet('Chỉ tiêu 2026')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Mã đơn vị',
      'Đơn vị',
      'Số hội viên mới kết nạp (người)',
      'Tổng số hội viên cuối tháng (người)',
    ]);
    expect(sheet.getRow(2).values).toEqual([undefined, 'HYN', 'Hội CCB tỉnh Hưng Yên', 120, 1000]);
    expect(sheet.getCell('C2').numFmt).toBe('#,##0');

    // The leader's edits: Hưng Yên 150, Thái Bình's total written the Vietnamese way.
    sheet.getCell('C2').value = 150;
    sheet.getCell('D3').value = '1.200';
    const edited = join(dir, 'edited.xlsx');
    await book.xlsx.writeFile(edited);
    const imported = await admin(['targets', 'import', edited], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Changed 2 target(s) of 2 unit(s) for 2026');
    expect(imported.stdout).toContain('HYN    hoi_vien_moi: 120 -> 150');
    expect(imported.stdout).toContain('TBH    tong_hoi_vien: - -> 1.200');

    // A bad sheet: every problem with its row and column, exit status 1, nothing changed.
    sheet.getCell('C2').value = '15O';
    sheet.getCell('A4').value = 'XYZ';
    sheet.getCell('D4').value = -5;
    await book.xlsx.writeFile(edited);
    const bad = await admin(['targets', 'import', edited], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('3 problem(s), nothing changed');
    expect(bad.stderr).toContain('Dòng 2, cột C (Số hội viên mới kết nạp (người)): «15O» không phải là số.');
    expect(bad.stderr).toContain('Dòng 4, cột A (Mã đơn vị): không có đơn vị «XYZ» trong cụm.');
    expect(bad.stderr).toContain('Dòng 4, cột D (Tổng số hội viên cuối tháng (người)): -5 là số âm');
    // (A year that disagrees with the sheet's and a file that is no workbook are refused the
    // same way: test/domain/targets-sheet.test.ts and test/documents/targets-xlsx.test.ts.)

    // A sync (as at every start) keeps the imported values; the next template shows them.
    expect((await admin(['sync'], env)).stdout).toContain('the imported values are kept');
    expect((await admin(['targets', 'template', '--year', '2026', '--out', template], env)).code).toBe(0);
    const again = (await openBook(template)).getWorksheet('Chỉ tiêu 2026')!;
    expect([again.getCell('C2').value, again.getCell('D3').value]).toEqual([150, 1200]);
    // Many processes, each opening the embedded database: as slow as the process tests on a busy machine.
  }, 240_000);
});
