import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import {
  isLate,
  periodByKey,
  periodContaining,
  reminderSteps,
  scheduleDefinitionSchema,
  type ScheduleDefinition,
} from '../../src/domain/periods.js';
import { DEFAULT_POLICY, dueStep, isAllowedTime, ladderFor } from '../../src/domain/reminders.js';

const reminderTimes = (s: ScheduleDefinition, p: Parameters<typeof ladderFor>[1]) =>
  ladderFor(reminderSteps(s), p, s.policy).map((r) => ({ slot: r.step, fireAt: r.at }));
const latestDueReminder = (s: ScheduleDefinition, p: Parameters<typeof ladderFor>[1], now: Date) => {
  const due = dueStep(reminderSteps(s), p, s.policy, now);
  return due && { slot: due.step, fireAt: due.at };
};
const isNightTime = (at: Date) => !isAllowedTime(at, DEFAULT_POLICY);

/** Recurring schedules always have a period. */
const periodAt = (schedule: Parameters<typeof periodContaining>[0], at: Date) => periodContaining(schedule, at)!;

/** The shipped schedule: due on the 25th at 17:00, reminders 3 days before, on the day, 1 day after. */
const schedule: ScheduleDefinition = scheduleDefinitionSchema.parse({
  frequency: 'monthly',
  deadline: { day: 25, time: '17:00' },
  reminders: [
    { code: 'truoc-3-ngay', daysFromDeadline: -3, time: '08:00' },
    { code: 'ngay-han', daysFromDeadline: 0, time: '08:00' },
    { code: 'qua-han-1-ngay', daysFromDeadline: 1, time: '08:30' },
  ],
});

const vn = (isoWithoutOffset: string) => new Date(`${isoWithoutOffset}+07:00`);

describe('periodContaining', () => {
  it('gives the month, its opening, deadline and end for a mid-month time', () => {
    expect(periodAt(schedule, vn('2026-11-15T12:00:00'))).toEqual({
      key: '2026-11',
      startsAt: vn('2026-11-01T00:00:00'),
      deadlineAt: vn('2026-11-25T17:00:00'),
      endsAt: vn('2026-12-01T00:00:00'),
    });
  });

  it('puts 23:30 on 30 November (Vietnam) in November', () => {
    const at = vn('2026-11-30T23:30:00');
    expect(at.toISOString()).toBe('2026-11-30T16:30:00.000Z');
    expect(periodAt(schedule, at).key).toBe('2026-11');
  });

  it('puts 00:30 on 1 December (Vietnam) in December although UTC is still 30 November', () => {
    const at = vn('2026-12-01T00:30:00');
    expect(at.toISOString()).toBe('2026-11-30T17:30:00.000Z');
    expect(periodAt(schedule, at).key).toBe('2026-12');
  });

  it('starts the new period exactly at local midnight', () => {
    expect(periodAt(schedule, vn('2026-12-01T00:00:00')).key).toBe('2026-12');
    expect(periodAt(schedule, new Date(vn('2026-12-01T00:00:00').getTime() - 1)).key).toBe('2026-11');
  });

  it('rolls over the year', () => {
    const december = periodAt(schedule, vn('2026-12-31T23:59:00'));
    expect(december.key).toBe('2026-12');
    expect(december.endsAt).toEqual(vn('2027-01-01T00:00:00'));
    expect(periodAt(schedule, vn('2027-01-01T00:30:00')).key).toBe('2027-01');
  });

  it('ends February on 1 March', () => {
    const february = periodAt(schedule, vn('2027-02-28T23:30:00'));
    expect(february.key).toBe('2027-02');
    expect(february.deadlineAt).toEqual(vn('2027-02-25T17:00:00'));
    expect(february.endsAt).toEqual(vn('2027-03-01T00:00:00'));
  });

  it('makes each period start when the previous one ends', () => {
    const november = periodAt(schedule, vn('2026-11-10T10:00:00'));
    expect(periodAt(schedule, november.endsAt).startsAt).toEqual(november.endsAt);
  });

  it('uses the deadline day and time of the schedule', () => {
    const other = scheduleDefinitionSchema.parse({ frequency: 'monthly', deadline: { day: 5, time: '09:30' } });
    expect(periodAt(schedule, vn('2026-11-10T10:00:00')).deadlineAt).toEqual(vn('2026-11-25T17:00:00'));
    expect(periodAt(other, vn('2026-11-10T10:00:00')).deadlineAt).toEqual(vn('2026-11-05T09:30:00'));
  });

  describe('whatever the server time zone', () => {
    const savedTz = process.env.TZ;
    afterEach(() => {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    });

    it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('gives the same periods with TZ=%s', (tz) => {
      process.env.TZ = tz;
      expect(periodAt(schedule, vn('2026-11-30T23:30:00')).key).toBe('2026-11');
      expect(periodAt(schedule, vn('2026-12-01T00:30:00'))).toEqual({
        key: '2026-12',
        startsAt: vn('2026-12-01T00:00:00'),
        deadlineAt: vn('2026-12-25T17:00:00'),
        endsAt: vn('2027-01-01T00:00:00'),
      });
    });
  });
});

describe('periodByKey', () => {
  it('gives the same period as a time inside it', () => {
    expect(periodByKey(schedule, '2026-11')).toEqual(periodAt(schedule, vn('2026-11-15T12:00:00')));
  });

  it('handles December', () => {
    expect(periodByKey(schedule, '2026-12')?.endsAt).toEqual(vn('2027-01-01T00:00:00'));
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-11', '2026/11', '2026-11-01', '', 'abc'])(
    'rejects the key %j',
    (key) => {
      expect(periodByKey(schedule, key)).toBeUndefined();
    },
  );
});

describe('reminderTimes', () => {
  it('places each reminder relative to the deadline, in Vietnam time', () => {
    const times = reminderTimes(schedule, periodByKey(schedule, '2026-11')!);
    expect(times.map((r) => [r.slot.code, r.fireAt])).toEqual([
      ['truoc-3-ngay', vn('2026-11-22T08:00:00')],
      ['ngay-han', vn('2026-11-25T08:00:00')],
      ['qua-han-1-ngay', vn('2026-11-26T08:30:00')],
    ]);
  });

  it('sorts by time whatever the order in the config', () => {
    const shuffled = scheduleDefinitionSchema.parse({
      frequency: 'monthly',
      deadline: { day: 10, time: '17:00' },
      reminders: [
        { code: 'sau', daysFromDeadline: 1, time: '08:00' },
        { code: 'chieu', daysFromDeadline: 0, time: '15:00' },
        { code: 'sang', daysFromDeadline: 0, time: '08:00' },
        { code: 'truoc', daysFromDeadline: -2, time: '20:00' },
      ],
    });
    const times = reminderTimes(shuffled, periodByKey(shuffled, '2026-11')!);
    expect(times.map((r) => r.slot.code)).toEqual(['truoc', 'sang', 'chieu', 'sau']);
    expect(times.map((r) => r.fireAt)).toEqual([
      vn('2026-11-08T20:00:00'),
      vn('2026-11-10T08:00:00'),
      vn('2026-11-10T15:00:00'),
      vn('2026-11-11T08:00:00'),
    ]);
  });

  it('is empty for a schedule with `reminders: []`', () => {
    const quiet = scheduleDefinitionSchema.parse({
      frequency: 'monthly',
      deadline: { day: 25, time: '17:00' },
      reminders: [],
    });
    expect(reminderTimes(quiet, periodByKey(quiet, '2026-11')!)).toEqual([]);
  });

  it('uses the default ladder when the schedule names none', () => {
    const plain = scheduleDefinitionSchema.parse({ frequency: 'monthly', deadline: { day: 25, time: '17:00' } });
    expect(reminderTimes(plain, periodByKey(plain, '2026-11')!).map((r) => [r.slot.code, r.fireAt])).toEqual([
      ['mo-ky', vn('2026-11-01T08:00:00')],
      ['truoc-3-ngay', vn('2026-11-22T08:00:00')],
      ['truoc-1-ngay', vn('2026-11-24T08:00:00')],
      ['ngay-han', vn('2026-11-25T07:30:00')],
      ['qua-han-1', vn('2026-11-26T08:00:00')],
      ['qua-han-2', vn('2026-11-27T08:00:00')],
    ]);
  });
});

describe('latestDueReminder', () => {
  const november = periodByKey(schedule, '2026-11')!;
  const due = (isoWithoutOffset: string) => latestDueReminder(schedule, november, vn(isoWithoutOffset))?.slot.code;

  it('sends nothing before the first slot', () => {
    expect(due('2026-11-01T08:00:00')).toBeUndefined();
    expect(due('2026-11-22T07:59:00')).toBeUndefined();
  });

  it('sends the first slot from its exact time', () => {
    expect(due('2026-11-22T08:00:00')).toBe('truoc-3-ngay');
    expect(latestDueReminder(schedule, november, vn('2026-11-22T08:00:00'))?.fireAt).toEqual(vn('2026-11-22T08:00:00'));
  });

  it('keeps the latest slot due between slots', () => {
    expect(due('2026-11-24T15:00:00')).toBe('truoc-3-ngay');
    expect(due('2026-11-25T08:00:00')).toBe('ngay-han');
    expect(due('2026-11-26T08:29:00')).toBe('ngay-han');
    expect(due('2026-11-26T08:30:00')).toBe('qua-han-1-ngay');
  });

  it('supersedes missed earlier slots with the latest one', () => {
    expect(due('2026-11-28T10:00:00')).toBe('qua-han-1-ngay');
  });

  it('sends nothing at night even when a slot is due', () => {
    expect(due('2026-11-25T21:00:00')).toBeUndefined();
    expect(due('2026-11-25T23:30:00')).toBeUndefined();
    expect(due('2026-11-26T03:00:00')).toBeUndefined();
    expect(due('2026-11-26T06:59:00')).toBeUndefined();
  });

  it('sends again once the night is over', () => {
    expect(due('2026-11-26T07:00:00')).toBe('ngay-han');
    expect(due('2026-11-25T20:59:00')).toBe('ngay-han');
  });
});

describe('isNightTime', () => {
  it.each([
    ['06:59', true],
    ['07:00', false],
    ['12:00', false],
    ['20:59', false],
    ['21:00', true],
    ['23:59', true],
    ['00:00', true],
  ])('%s (Vietnam) is night: %s', (hhmm, night) => {
    expect(isNightTime(vn(`2026-11-25T${hhmm}:00`))).toBe(night);
  });

  it('goes by Vietnam time, not UTC', () => {
    // 01:00 UTC is 08:00 in Vietnam: day. 15:00 UTC is 22:00 in Vietnam: night.
    expect(isNightTime(new Date('2026-11-25T01:00:00Z'))).toBe(false);
    expect(isNightTime(new Date('2026-11-25T15:00:00Z'))).toBe(true);
  });
});

describe('isLate', () => {
  const deadline = vn('2026-11-25T17:00:00');
  it('is on time at the exact deadline and late one millisecond after', () => {
    expect(isLate(deadline, deadline)).toBe(false);
    expect(isLate(new Date(deadline.getTime() + 1), deadline)).toBe(true);
    expect(isLate(vn('2026-11-25T16:59:00'), deadline)).toBe(false);
  });
});

describe('schedule validation', () => {
  function problems(input: unknown): string[] {
    const result = scheduleDefinitionSchema.safeParse(input);
    if (result.success) return [];
    return ConfigError.fromZod('schedule', result.error).problems;
  }
  const withReminders = (...reminders: unknown[]) => ({
    frequency: 'monthly',
    deadline: { day: 25, time: '17:00' },
    reminders,
  });

  it('accepts the shipped schedule', () => {
    expect(problems(withReminders({ code: 'a', daysFromDeadline: -3, time: '08:00' }))).toEqual([]);
  });

  it.each([
    ['22:00', '2026-11-26T07:00:00'],
    ['06:00', '2026-11-25T07:00:00'],
    ['21:00', '2026-11-26T07:00:00'],
  ])('moves a reminder at %s out of the night, to %s', (time, expected) => {
    const night = scheduleDefinitionSchema.parse(withReminders({ code: 'dem', daysFromDeadline: 0, time }));
    expect(reminderTimes(night, periodByKey(night, '2026-11')!)[0]?.fireAt).toEqual(vn(expected));
  });

  it.each(['07:00', '20:59'])('accepts a reminder at %s', (time) => {
    expect(problems(withReminders({ code: 'a', daysFromDeadline: 0, time }))).toEqual([]);
  });

  it.each([29, 31, 0])('rejects deadline day %d, naming the path', (day) => {
    const found = problems({ frequency: 'monthly', deadline: { day, time: '17:00' } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^deadline\.day: /);
  });

  it('accepts deadline day 28', () => {
    expect(problems({ frequency: 'monthly', deadline: { day: 28, time: '17:00' } })).toEqual([]);
  });

  it('rejects a malformed deadline time', () => {
    expect(problems({ frequency: 'monthly', deadline: { day: 25, time: '24:00' } })[0]).toMatch(/^deadline\.time: /);
  });

  it('rejects a reminder before the period opens, naming the path', () => {
    const input = {
      frequency: 'monthly',
      deadline: { day: 5, time: '17:00' },
      reminders: [{ code: 'som', daysFromDeadline: -5, time: '08:00' }],
    };
    expect(problems(input)).toEqual(['reminders.0.daysFromDeadline: falls before the period opens']);
  });

  it('accepts a reminder on day 1', () => {
    const input = {
      frequency: 'monthly',
      deadline: { day: 5, time: '17:00' },
      reminders: [{ code: 'som', daysFromDeadline: -4, time: '08:00' }],
    };
    expect(problems(input)).toEqual([]);
  });

  it('rejects a reminder after day 28, naming the path', () => {
    const found = problems(
      withReminders(
        { code: 'a', daysFromDeadline: 3, time: '08:00' },
        { code: 'muon', daysFromDeadline: 4, time: '08:00' },
      ),
    );
    expect(found).toEqual(['reminders.1.daysFromDeadline: falls after the period may end (day 28)']);
  });

  it('rejects duplicate reminder codes, naming the path and the code', () => {
    const found = problems(
      withReminders(
        { code: 'nhac', daysFromDeadline: -1, time: '08:00' },
        { code: 'nhac', daysFromDeadline: 0, time: '08:00' },
      ),
    );
    expect(found).toEqual(['reminders.1.code: duplicate reminder code "nhac"']);
  });

  it('rejects a frequency other than monthly', () => {
    expect(problems({ frequency: 'weekly', deadline: { day: 5, time: '17:00' } })[0]).toMatch(/^frequency: /);
  });
});
