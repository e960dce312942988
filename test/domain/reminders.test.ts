import { describe, expect, it } from 'vitest';
import {
  allowedUntil,
  DEFAULT_POLICY,
  digestTime,
  isAllowedTime,
  ladderFor,
  nextAllowedTime,
  reminderPolicySchema,
  type ReminderStep,
} from '../../src/domain/reminders.js';

const vn = (iso: string) => new Date(`${iso}+07:00`);
const november = {
  key: '2026-11',
  startsAt: vn('2026-11-01T00:00:00'),
  deadlineAt: vn('2026-11-25T17:00:00'),
  endsAt: vn('2026-12-01T00:00:00'),
};
const step = (code: string, daysFromDeadline: number, time: string): ReminderStep => ({
  code,
  daysFromDeadline,
  time,
  audience: 'all',
  notifyLeader: false,
});

describe('quiet hours, weekends and holidays', () => {
  it('moves a time inside the default quiet hours to 07:00', () => {
    expect(nextAllowedTime(vn('2026-11-25T22:15:00'), DEFAULT_POLICY)).toEqual(vn('2026-11-26T07:00:00'));
    expect(nextAllowedTime(vn('2026-11-26T05:00:00'), DEFAULT_POLICY)).toEqual(vn('2026-11-26T07:00:00'));
    expect(nextAllowedTime(vn('2026-11-26T09:00:00'), DEFAULT_POLICY)).toEqual(vn('2026-11-26T09:00:00'));
  });

  it('honours configured quiet hours', () => {
    const policy = reminderPolicySchema.parse({ quietHours: { from: '20:00', until: '07:30' } });
    expect(isAllowedTime(vn('2026-11-25T20:00:00'), policy)).toBe(false);
    expect(nextAllowedTime(vn('2026-11-25T20:30:00'), policy)).toEqual(vn('2026-11-26T07:30:00'));
  });

  it('skips weekends when asked: Saturday 28/11/2026 moves to Monday 30/11 07:00', () => {
    const policy = reminderPolicySchema.parse({ skipWeekends: true });
    expect(nextAllowedTime(vn('2026-11-28T08:00:00'), policy)).toEqual(vn('2026-11-30T07:00:00'));
    expect(isAllowedTime(vn('2026-11-27T08:00:00'), policy)).toBe(true);
  });

  it('skips listed holidays (Tết) in a row', () => {
    const policy = reminderPolicySchema.parse({ holidays: ['2027-02-06', '2027-02-07', '2027-02-08'] });
    expect(nextAllowedTime(vn('2027-02-06T08:00:00'), policy)).toEqual(vn('2027-02-09T07:00:00'));
  });
});

describe('allowedUntil: how long a queued reminder may still go out', () => {
  it("ends at the start of tonight's quiet hours", () => {
    expect(allowedUntil(vn('2026-11-25T09:00:00'), DEFAULT_POLICY)).toEqual(vn('2026-11-25T21:00:00'));
  });

  it('ends at midnight before a weekend that is skipped, when quiet hours start after it', () => {
    const policy = reminderPolicySchema.parse({ skipWeekends: true, quietHours: { from: '00:30', until: '07:00' } });
    expect(allowedUntil(vn('2026-11-27T20:00:00'), policy)).toEqual(vn('2026-11-28T00:00:00'));
  });
});

describe('ladderFor', () => {
  it('places steps in Vietnam time, moved out of the night, in order', () => {
    const ladder = ladderFor(
      [step('sau', 1, '08:00'), step('dem', 0, '22:00'), step('truoc', -3, '08:00')],
      november,
      DEFAULT_POLICY,
    );
    expect(ladder.map((s) => [s.step.code, s.at])).toEqual([
      ['truoc', vn('2026-11-22T08:00:00')],
      ['dem', vn('2026-11-26T07:00:00')],
      ['sau', vn('2026-11-26T08:00:00')],
    ]);
  });

  it('a holiday on the deadline moves that morning’s reminder to the next day', () => {
    const policy = reminderPolicySchema.parse({ holidays: ['2026-11-25'] });
    expect(ladderFor([step('ngay-han', 0, '07:30')], november, policy)[0]?.at).toEqual(vn('2026-11-26T07:00:00'));
  });

  it('the leader digest goes at the deadline, or the next allowed time after it', () => {
    expect(digestTime(november, DEFAULT_POLICY)).toEqual(vn('2026-11-25T17:00:00'));
    const evening = { ...november, deadlineAt: vn('2026-11-25T23:00:00') };
    expect(digestTime(evening, DEFAULT_POLICY)).toEqual(vn('2026-11-26T07:00:00'));
  });
});
