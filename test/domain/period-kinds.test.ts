import { describe, expect, it } from 'vitest';
import {
  periodByKey,
  periodContaining,
  reminderSteps,
  scheduleDefinitionSchema,
  type ScheduleDefinition,
} from '../../src/domain/periods.js';
import { ladderFor } from '../../src/domain/reminders.js';

const reminderTimes = (s: ScheduleDefinition, p: Parameters<typeof ladderFor>[1]) =>
  ladderFor(reminderSteps(s), p, s.policy).map((r) => ({ slot: r.step }));
import { periodLabel, reportName } from '../../src/i18n/vi.js';

const vn = (iso: string) => new Date(`${iso}+07:00`);
const recurring = (frequency: string, extra: Record<string, unknown> = {}) =>
  scheduleDefinitionSchema.parse({ frequency, deadline: { day: 20, time: '17:00' }, ...extra });

describe('periods of every frequency, in Vietnam time', () => {
  it('quarters: Q4 runs October to December, due on the 20th of its last month', () => {
    const q = periodContaining(recurring('quarterly'), vn('2026-11-05T09:00:00'))!;
    expect(q).toMatchObject({
      key: '2026-Q4',
      startsAt: vn('2026-10-01T00:00:00'),
      deadlineAt: vn('2026-12-20T17:00:00'),
      endsAt: vn('2027-01-01T00:00:00'),
    });
    expect(periodLabel(q.key)).toBe('Quý IV/2026');
    expect(reportName('Báo cáo quý', q.key)).toBe('Báo cáo quý IV/2026');
  });

  it('half years and years', () => {
    const h = periodContaining(recurring('half_yearly'), vn('2026-03-31T23:59:00'))!;
    expect(h).toMatchObject({
      key: '2026-H1',
      deadlineAt: vn('2026-06-20T17:00:00'),
      endsAt: vn('2026-07-01T00:00:00'),
    });
    expect(periodLabel(h.key)).toBe('6 tháng đầu năm 2026');
    expect(reportName('Báo cáo 6 tháng', '2026-H2')).toBe('Báo cáo 6 tháng cuối năm 2026');
    const y = periodContaining(recurring('yearly'), vn('2026-01-01T00:00:00'))!;
    expect(y).toMatchObject({
      key: '2026',
      startsAt: vn('2026-01-01T00:00:00'),
      deadlineAt: vn('2026-12-20T17:00:00'),
    });
    expect(periodLabel(y.key)).toBe('Năm 2026');
    expect(periodLabel('2026-11')).toBe('Tháng 11/2026');
  });

  it('finds a period again by its key, and only for its own frequency', () => {
    const quarterly = recurring('quarterly');
    expect(periodByKey(quarterly, '2026-Q2')?.startsAt).toEqual(vn('2026-04-01T00:00:00'));
    expect(periodByKey(quarterly, '2026-04')).toBeUndefined();
    expect(periodByKey(recurring('yearly'), '2026')?.key).toBe('2026');
  });

  it('gives the leader summary deadline after the units’ deadline', () => {
    const p = periodContaining(
      recurring('monthly', { summary: { daysAfterDeadline: 5, time: '17:00' } }),
      vn('2026-11-02T08:00:00'),
    )!;
    expect(p.summaryDeadlineAt).toEqual(vn('2026-11-25T17:00:00'));
  });

  it('a one-off report exists only between its opening and closing', () => {
    const once = scheduleDefinitionSchema.parse({
      frequency: 'once',
      opens: '2026-12-01',
      deadline: { date: '2026-12-10', time: '17:00' },
    });
    expect(periodContaining(once, vn('2026-11-30T23:00:00'))).toBeUndefined();
    expect(periodContaining(once, vn('2026-12-05T09:00:00'))).toMatchObject({
      key: 'once',
      deadlineAt: vn('2026-12-10T17:00:00'),
      endsAt: vn('2026-12-18T00:00:00'),
    });
    expect(periodContaining(once, vn('2026-12-18T00:00:00'))).toBeUndefined();
    expect(reportName('Báo cáo nhanh tình hình bão lũ', 'once')).toBe('Báo cáo nhanh tình hình bão lũ');
    expect(
      scheduleDefinitionSchema.safeParse({
        frequency: 'once',
        opens: '2026-12-10',
        deadline: { date: '2026-12-01', time: '17:00' },
      }).error?.issues[0]?.path,
    ).toEqual(['deadline', 'date']);
  });

  it('drops reminders that would fall outside the period', () => {
    const quarterly = recurring('quarterly', {
      reminders: [
        { code: 'som', daysFromDeadline: -20, time: '08:00' },
        { code: 'ngay-han', daysFromDeadline: 0, time: '08:00' },
      ],
    });
    const q = periodContaining(quarterly, vn('2026-11-05T09:00:00'))!;
    expect(reminderTimes(quarterly, q).map((r) => r.slot.code)).toEqual(['som', 'ngay-han']);
    const once = scheduleDefinitionSchema.parse({
      frequency: 'once',
      opens: '2026-12-08',
      deadline: { date: '2026-12-10', time: '17:00' },
      reminders: [{ code: 'som', daysFromDeadline: -5, time: '08:00' }],
    });
    expect(reminderTimes(once, periodContaining(once, vn('2026-12-09T09:00:00'))!)).toEqual([]);
  });
});
