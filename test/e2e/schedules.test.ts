import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FIXTURE_CONFIG, startHarness, type Harness } from '../support/harness.js';

describe('a cluster with a monthly and a quarterly report', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    const config = parse(await readFile(FIXTURE_CONFIG, 'utf8')) as {
      templates: { code: string; title: string }[];
      schedules: unknown[];
    };
    config.templates.push({ ...config.templates[0]!, code: 'quy', title: 'Báo cáo quý' });
    config.schedules.push({
      code: 'quy',
      template: 'quy',
      frequency: 'quarterly',
      deadline: { day: 15, time: '17:00' },
      reminders: [],
    });
    dir = await mkdtemp(join(tmpdir(), 'cfg-'));
    await writeFile(join(dir, 'cluster.yaml'), stringify(config));
    h = await startHarness({ now: '2026-11-20T10:00:00+07:00', configPath: join(dir, 'cluster.yaml') });
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets the contact choose which report to fill, and shows both on the board', async () => {
    const lan = await h.join(201, 'Lan', 'HYN');
    const choice = await lan.say('/baocao', 'Xin chọn báo cáo cần làm');
    expect(lan.buttons(choice)).toEqual(['Báo cáo tháng 11/2026', 'Báo cáo quý IV/2026']);
    const started = await lan.press('Báo cáo quý IV/2026', 'Báo cáo quý IV/2026');
    expect(started.text).toContain('Hạn nộp: 17:00 ngày 15/12/2026');

    const leader = await h.join(100, 'Luyện', 'LEAD', 'leader');
    await leader.say('/trangthai', 'Báo cáo quý IV/2026');
    const boards = leader.messages().filter((m) => m.text.startsWith('📊'));
    expect(boards.map((m) => m.text.split('\n')[0]!.replace(/<[^>]+>/g, ''))).toEqual([
      '📊 Báo cáo tháng 11/2026',
      '📊 Báo cáo quý IV/2026',
    ]);
    expect(boards[1]!.text).toContain('✏️ Hội CCB tỉnh Hưng Yên — đang soạn');
  });
});
