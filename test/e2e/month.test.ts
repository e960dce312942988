import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { local } from '../../src/domain/time.js';
import { startHarness, type Harness, type TestUser } from '../support/harness.js';

const EXAMPLE = fileURLToPath(new URL('../../config/cluster.yaml', import.meta.url));

describe('a simulated month for the 9 units of the example cluster, default ladder', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    const config = parse(await readFile(EXAMPLE, 'utf8')) as { schedules: Record<string, unknown>[] };
    delete config.schedules[0]!.reminders; // the default ladder
    dir = await mkdtemp(join(tmpdir(), 'month-'));
    await writeFile(join(dir, 'cluster.yaml'), stringify(config));
    h = await startHarness({ now: '2026-10-31T20:00:00+07:00', configPath: join(dir, 'cluster.yaml') });
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends exactly the promised reminders, in daytime, once each, and keeps the leader informed', async () => {
    const codes = ['HPG', 'QNH', 'HYN', 'BNH', 'NBH', 'PTO', 'TNN', 'LSN', 'TQG'];
    const leader = await h.join(100, 'Luyện', 'NBH', 'leader');
    const primaries: TestUser[] = [];
    const seconds: TestUser[] = [];
    for (const [i, code] of codes.entries()) {
      primaries.push(await h.join(200 + i, `Chính ${code}`, code));
      seconds.push(await h.join(300 + i, `Phụ ${code}`, code));
    }
    // Every hour of November, as the scheduler would (its minute ticks change nothing in between).
    for (
      let t = new Date('2026-11-01T00:00:00+07:00');
      t < new Date('2026-12-01T00:00:00+07:00');
      t = new Date(t.getTime() + 3_600_000)
    ) {
      h.clock.set(t);
      await h.app.dispatchReminders();
    }

    const sends = await h.db
      .selectFrom('reminder_sends')
      .innerJoin('people', 'people.id', 'reminder_sends.person_id')
      .innerJoin('outbox', 'outbox.id', 'reminder_sends.outbox_id')
      .select(['people.telegram_user_id as user', 'step', 'reminder_sends.claimed_at', 'outbox.status'])
      .execute();
    expect(sends.filter((s) => s.status !== 'sent')).toEqual([]);
    // Never at night (Vietnam time), never twice.
    for (const s of sends) expect(Number(local(s.claimed_at).format('H'))).toBeGreaterThanOrEqual(7);
    for (const s of sends) expect(Number(local(s.claimed_at).format('H'))).toBeLessThan(21);
    expect(new Set(sends.map((s) => `${s.user}/${s.step}`)).size).toBe(sends.length);
    // Each primary contact: all six steps; each second contact: the three from the deadline on.
    const stepsOf = (user: number) =>
      sends
        .filter((s) => s.user === user)
        .map((s) => s.step)
        .sort();
    for (const [i] of codes.entries()) {
      expect(stepsOf(200 + i)).toEqual(['mo-ky', 'ngay-han', 'qua-han-1', 'qua-han-2', 'truoc-1-ngay', 'truoc-3-ngay']);
      expect(stepsOf(300 + i)).toEqual(['ngay-han', 'qua-han-1', 'qua-han-2']);
    }
    // The leader (of Ninh Bình, a reporting unit too) is reminded like its contacts, and gets the note and the digest once.
    expect(stepsOf(100)).toEqual(['ngay-han', 'qua-han-1', 'qua-han-2', 'qua-han-2:cum-truong', 'tong-hop']);
    expect(leader.messages().filter((m) => m.text.includes('📋'))[0]!.text).toContain('Đã nộp 0/9 đơn vị.');
    expect(primaries[0]!.messages().filter((m) => m.text.includes('🔔'))).toHaveLength(6);
    expect(seconds[0]!.messages().filter((m) => m.text.includes('🔔'))).toHaveLength(3);
  }, 120_000);
});
