import { describe, expect, it } from 'vitest';
import { scheduleDefinitionSchema } from '../../../src/domain/periods.js';
import { aggregateOverTime, combineUnits, compare, median, rankOf } from '../../../src/domain/summary/aggregate.js';
import {
  buildSummary,
  paceMonth,
  unitStanding,
  type SummaryInput,
  type SummaryPeriodData,
} from '../../../src/domain/summary/build.js';
import { judge } from '../../../src/domain/summary/rule.js';
import { DEFAULT_SUMMARY_SETTINGS, summarySettingsSchema } from '../../../src/domain/summary/settings.js';
import { windowByKey } from '../../../src/domain/summary/windows.js';
import { aggregateOf, templateDefinitionSchema } from '../../../src/domain/template.js';
import { vi } from '../../../src/i18n/vi.js';

const monthly = scheduleDefinitionSchema.parse({ frequency: 'monthly', deadline: { day: 25, time: '17:00' } });
const template = templateDefinitionSchema.parse({
  title: 'Báo cáo tháng',
  sections: [
    {
      title: 'Xây dựng tổ chức',
      fields: [
        { key: 'hoi_vien_moi', label: 'Hội viên mới', type: 'integer', unit: 'người', target: 'hoi_vien_moi' },
        {
          key: 'tong_hoi_vien',
          label: 'Tổng số hội viên cuối tháng',
          type: 'integer',
          aggregate: 'last',
          target: 'tong_hoi_vien',
          required: false,
        },
        { key: 'ty_le', label: 'Tỷ lệ sinh hoạt', type: 'percent', required: false },
        { key: 'noi_bat', label: 'Nổi bật', type: 'text' },
      ],
    },
    {
      title: 'Kinh tế',
      fields: [{ key: 'von', label: 'Vốn hỗ trợ', type: 'decimal', unit: 'triệu đồng', required: false }],
    },
  ],
});

const A = 1;
const B = 2;
const C = 3;
const units = [
  { id: A, name: 'Hội CCB tỉnh A' },
  { id: B, name: 'Hội CCB tỉnh B' },
  { id: C, name: 'Hội CCB tỉnh C' },
];

/** The 25th of the month at 17:00 Vietnam time, as the schedule says. */
const deadline = (key: string) => windowByKey(monthly, key)!.startsAt.getTime() + (24 * 24 + 17) * 3_600_000;
const on = (iso: string) => new Date(`${iso}T03:00:00Z`);

/** Period `key`'s reports: unit → [submitted on (yyyy-mm-dd), values]. */
function period(
  key: string,
  reports: Record<number, [string, Record<string, number>]>,
  terms: SummaryPeriodData['terms'] = [],
): SummaryPeriodData {
  return {
    key,
    deadlineAt: new Date(deadline(key)),
    reports: Object.entries(reports).map(([unitId, [day, values]]) => ({
      unitId: Number(unitId),
      submittedAt: on(day),
      values,
    })),
    terms,
  };
}

/**
 * The worked example. Yearly targets 2026: A 120 new members and 1 000 members; B 120 new
 * members; C none. First quarter 2026:
 * - A: 10 + 10 + 12 new members, all on time; members 900, 950, (March left blank);
 * - B: 5 in January, nothing in February (missing), 5 in March sent late on 27/3;
 * - C: excused in February; 8 and 9 new members.
 * A's last quarter of 2025: 5 a month; A's first quarter of 2025: 20 in all.
 */
const periods: SummaryPeriodData[] = [
  period('2025-01', { [A]: ['2025-01-20', { hoi_vien_moi: 20 }] }),
  period('2025-10', { [A]: ['2025-10-20', { hoi_vien_moi: 5 }] }),
  period('2025-11', { [A]: ['2025-11-20', { hoi_vien_moi: 5 }] }),
  period('2025-12', { [A]: ['2025-12-20', { hoi_vien_moi: 5 }] }),
  period('2026-01', {
    [A]: ['2026-01-20', { hoi_vien_moi: 10, tong_hoi_vien: 900, ty_le: 80, von: 0.1 }],
    [B]: ['2026-01-20', { hoi_vien_moi: 5, tong_hoi_vien: 500, ty_le: 70 }],
    [C]: ['2026-01-20', { hoi_vien_moi: 8, tong_hoi_vien: 300, ty_le: 60 }],
  }),
  period('2026-02', { [A]: ['2026-02-20', { hoi_vien_moi: 10, tong_hoi_vien: 950, ty_le: 90, von: 0.2 }] }, [
    { unitId: C, excused: true },
  ]),
  period('2026-03', {
    [A]: ['2026-03-20', { hoi_vien_moi: 12, ty_le: 100 }],
    [B]: ['2026-03-27', { hoi_vien_moi: 5, tong_hoi_vien: 520, ty_le: 80 }],
    [C]: ['2026-03-24', { hoi_vien_moi: 9, tong_hoi_vien: 310, ty_le: 70 }],
  }),
];
const targets = [
  { unitId: A, year: 2026, indicator: 'hoi_vien_moi', value: 120 },
  { unitId: B, year: 2026, indicator: 'hoi_vien_moi', value: 120 },
  { unitId: A, year: 2026, indicator: 'tong_hoi_vien', value: 1000 },
  { unitId: A, year: 2025, indicator: 'hoi_vien_moi', value: 999 },
];

function summarise(key: string, now: string, extra: Partial<SummaryInput> = {}) {
  return buildSummary({
    schedule: monthly,
    template,
    window: windowByKey(monthly, key)!,
    units,
    periods,
    targets,
    settings: DEFAULT_SUMMARY_SETTINGS,
    now: new Date(now),
    ...extra,
  });
}
const indicator = (s: ReturnType<typeof summarise>, key: string) => s.indicators.find((i) => i.key === key)!;
const row = (s: ReturnType<typeof summarise>, key: string, unitId: number) =>
  indicator(s, key).units.find((u) => u.unitId === unitId)!;

describe('aggregation over time and over units', () => {
  it('sums flows, keeps the last stock, takes the max or the mean of the answers given', () => {
    expect(aggregateOverTime('sum', [10, undefined, 12])).toBe(22);
    expect(aggregateOverTime('sum', [0.1, 0.2])).toBe(0.3);
    expect(aggregateOverTime('last', [900, 950, undefined])).toBe(950);
    expect(aggregateOverTime('max', [3, 9, undefined, 4])).toBe(9);
    expect(aggregateOverTime('avg', [80, undefined, 100])).toBe(90);
    for (const a of ['sum', 'last', 'max', 'avg'] as const) expect(aggregateOverTime(a, [undefined])).toBeUndefined();
  });

  it('adds units up for sum and last, takes the highest for max and the plain mean for avg', () => {
    expect(combineUnits('sum', [1, 2, undefined])).toBe(3);
    expect(combineUnits('last', [950, 520])).toBe(1470);
    expect(combineUnits('max', [90, 75])).toBe(90);
    expect(combineUnits('avg', [90, 75, 65])).toBe(76.666667);
  });

  it('defaults to sum for integers and decimals, avg for percentages', () => {
    const fields = template.sections.flatMap((s) => s.fields);
    const number = (key: string) => {
      const field = fields.find((f) => f.key === key)!;
      if (field.type !== 'integer' && field.type !== 'decimal' && field.type !== 'percent') throw new Error(key);
      return aggregateOf(field);
    };
    expect([number('hoi_vien_moi'), number('tong_hoi_vien'), number('ty_le'), number('von')]).toEqual([
      'sum',
      'last',
      'avg',
      'sum',
    ]);
  });

  it('compares with an earlier figure, ranks and takes the median', () => {
    expect(compare(32, 15)).toEqual({ value: 15, change: 17, changePercent: 113.333333 });
    expect(compare(5, 0)).toEqual({ value: 0, change: 5 });
    expect(compare(undefined, 4)).toEqual({ value: 4 });
    expect(compare(4, undefined)).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect([rankOf(9, [9, 7, 9, 3]), rankOf(7, [9, 7, 9, 3])]).toEqual([1, 3]);
  });
});

describe('the still-low rule', () => {
  const settings = DEFAULT_SUMMARY_SETTINGS;
  it('expects m/12 of a flow by the end of month m and flags it 10 % behind', () => {
    // End of March: 30 of 120 expected; below 27 is "còn thấp".
    expect(judge({ aggregate: 'sum', ytd: 27, target: 120, month1: 3, settings })).toEqual({
      status: 'on_pace',
      expected: 30,
    });
    expect(judge({ aggregate: 'sum', ytd: 26, target: 120, month1: 3, settings }).status).toBe('low');
    expect(judge({ aggregate: 'sum', ytd: 120, target: 120, month1: 3, settings }).status).toBe('reached');
    expect(judge({ aggregate: 'sum', ytd: 121, target: 120, month1: 12, settings }).status).toBe('exceeded');
    expect(judge({ aggregate: 'sum', ytd: undefined, target: 120, month1: 3, settings }).status).toBe('no_data');
    expect(judge({ aggregate: 'sum', ytd: 5, target: undefined, month1: 3, settings })).toEqual({
      status: 'no_target',
    });
  });

  it('holds a stock (or a max, an average) to its whole target all year', () => {
    expect(judge({ aggregate: 'last', ytd: 900, target: 1000, month1: 2, settings }).status).toBe('on_pace');
    expect(judge({ aggregate: 'last', ytd: 899, target: 1000, month1: 11, settings }).status).toBe('low');
  });

  it('follows a configured pace and tolerance', () => {
    const custom = summarySettingsSchema.parse({
      stillLow: { pace: [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1], tolerance: 0.2 },
    });
    // 10 % of 120 expected by the end of March, 20 % leeway: 9.6 is the line.
    expect(judge({ aggregate: 'sum', ytd: 10, target: 120, month1: 3, settings: custom })).toEqual({
      status: 'on_pace',
      expected: 12,
    });
    expect(judge({ aggregate: 'sum', ytd: 9, target: 120, month1: 3, settings: custom }).status).toBe('low');
  });

  it('names the judgements in Vietnamese', () => {
    expect(['exceeded', 'reached', 'on_pace', 'low'].map((s) => vi.summary.status(s as never))).toEqual([
      'vượt',
      'đạt',
      'đúng tiến độ',
      'còn thấp',
    ]);
    expect(vi.summary.aggregate('last')).toBe('số cuối kỳ');
  });

  it('reads the pace at the end of the window, or of the last month ended while it runs', () => {
    const year = windowByKey(monthly, '2026')!;
    expect(paceMonth(year, new Date('2027-01-05T00:00:00Z'))).toBe(12);
    expect(paceMonth(year, new Date('2026-04-10T00:00:00Z'))).toBe(3);
    expect(paceMonth(year, new Date('2026-01-10T00:00:00Z'))).toBe(1);
    expect(paceMonth(windowByKey(monthly, '2026-Q2')!, new Date('2026-05-10T00:00:00Z'))).toBe(4);
  });
});

describe('the summary of a window (worked example: first quarter 2026)', () => {
  const s = summarise('2026-Q1', '2026-04-10T03:00:00Z');

  it('adds up a flow per unit with its year to date, target, % and judgement', () => {
    expect(row(s, 'hoi_vien_moi', A)).toEqual({
      unitId: A,
      value: 32,
      reportedPeriods: 3,
      missingPeriods: [],
      excusedPeriods: [],
      ytd: 32,
      target: 120,
      percentOfTarget: 26.666667,
      expected: 30,
      status: 'on_pace',
      previous: { value: 15, change: 17, changePercent: 113.333333 },
      lastYear: { value: 20, change: 12, changePercent: 60 },
    });
  });

  it('counts a late report and leaves a missing month out, flagging the unit behind the pace', () => {
    expect(row(s, 'hoi_vien_moi', B)).toMatchObject({
      value: 10,
      reportedPeriods: 2,
      missingPeriods: ['2026-02'],
      ytd: 10,
      percentOfTarget: 8.333333,
      status: 'low',
    });
    expect(indicator(s, 'hoi_vien_moi').stillLow).toEqual([B]);
  });

  it('an excused unit without a target is summed but not judged', () => {
    expect(row(s, 'hoi_vien_moi', C)).toMatchObject({ value: 17, excusedPeriods: ['2026-02'], status: 'no_target' });
    expect(row(s, 'hoi_vien_moi', C).target).toBeUndefined();
  });

  it('totals the cluster, judging only the units that have a target against theirs', () => {
    expect(indicator(s, 'hoi_vien_moi').cluster).toEqual({
      value: 59,
      ytd: 59,
      target: 240,
      targetedYtd: 42,
      percentOfTarget: 17.5,
      expected: 60,
      status: 'low',
      unitsWithTarget: 2,
      previous: { value: 15, change: 44, changePercent: 293.333333 },
      lastYear: { value: 20, change: 39, changePercent: 195 },
    });
  });

  it('keeps the last stock (a blank March falls back to February) and sums stocks over units', () => {
    expect(row(s, 'tong_hoi_vien', A)).toMatchObject({ value: 950, target: 1000, status: 'on_pace', expected: 1000 });
    expect(indicator(s, 'tong_hoi_vien').cluster).toMatchObject({ value: 950 + 520 + 310, target: 1000 });
    expect(indicator(s, 'tong_hoi_vien').aggregate).toBe('last');
  });

  it('averages a percentage per unit, and the units plainly for the cluster', () => {
    expect(row(s, 'ty_le', A).value).toBe(90);
    expect(row(s, 'ty_le', B).value).toBe(75);
    expect(indicator(s, 'ty_le').cluster.value).toBe(76.666667);
    expect(indicator(s, 'ty_le').unit).toBe('%');
  });

  it('keeps decimals exact and lists only number fields, in template order', () => {
    expect(row(s, 'von', A).value).toBe(0.3);
    expect(s.indicators.map((i) => i.key)).toEqual(['hoi_vien_moi', 'tong_hoi_vien', 'ty_le', 'von']);
    expect(indicator(s, 'von')).toMatchObject({ unit: 'triệu đồng', sectionTitle: 'Kinh tế', aggregate: 'sum' });
  });

  it('says who reported each month: on time, late, missing, excused', () => {
    expect(s.completeness.periods.map((p) => p.cells.map((c) => c.state))).toEqual([
      ['on_time', 'on_time', 'on_time'],
      ['on_time', 'missing', 'excused'],
      ['on_time', 'late', 'on_time'],
    ]);
    expect(s.completeness.units).toEqual([
      { unitId: A, onTime: 3, late: 0, missing: 0, pending: 0, excused: 0 },
      { unitId: B, onTime: 1, late: 1, missing: 1, pending: 0, excused: 0 },
      { unitId: C, onTime: 2, late: 0, missing: 0, pending: 0, excused: 1 },
    ]);
    expect(s.completeness.totals).toEqual({ onTime: 6, late: 1, missing: 1, pending: 0, excused: 1 });
    expect(s).toMatchObject({
      ended: true,
      pace: { month: 3, expectedShare: 0.25, tolerance: 0.1 },
      previousWindow: { key: '2025-Q4' },
      lastYearWindow: { key: '2025-Q1' },
    });
  });

  it('a month whose deadline has not come is pending, not missing', () => {
    const april = summarise('2026-04', '2026-04-10T03:00:00Z');
    expect(april.completeness.totals).toEqual({ onTime: 0, late: 0, missing: 0, pending: 3, excused: 0 });
    expect(row(april, 'hoi_vien_moi', A)).toMatchObject({ reportedPeriods: 0, ytd: 32, missingPeriods: [] });
    expect(row(april, 'hoi_vien_moi', A).value).toBeUndefined();
    expect(april.ended).toBe(false);
    // The year so far: the four months begun, May to December not listed.
    const year = summarise('2026', '2026-04-10T03:00:00Z');
    expect(year.completeness.periods.map((p) => p.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(year.pace.month).toBe(3);
    expect(row(year, 'hoi_vien_moi', A)).toMatchObject({ value: 32, status: 'on_pace', expected: 30 });
  });

  it('judges the year: above target is vượt, exactly the target is đạt', () => {
    const year: SummaryPeriodData[] = Array.from({ length: 12 }, (_, i) => {
      const key = `2026-${String(i + 1).padStart(2, '0')}`;
      return period(key, {
        [A]: [`${key}-20`, { hoi_vien_moi: 11 }],
        [B]: [`${key}-20`, { hoi_vien_moi: 10 }],
      });
    });
    const s = summarise('2026', '2027-01-10T03:00:00Z', { periods: year });
    expect(row(s, 'hoi_vien_moi', A)).toMatchObject({ value: 132, percentOfTarget: 110, status: 'exceeded' });
    expect(row(s, 'hoi_vien_moi', B)).toMatchObject({ value: 120, percentOfTarget: 100, status: 'reached' });
    expect(row(s, 'hoi_vien_moi', C)).toMatchObject({ status: 'no_target', reportedPeriods: 0 });
    expect(s.completeness.units[2]).toMatchObject({ missing: 12 });
    // 6 and 9 months of the same year.
    expect(row(summarise('2026-H1', '2027-01-10T03:00:00Z', { periods: year }), 'hoi_vien_moi', A).value).toBe(66);
    const nine = summarise('2026-9M', '2027-01-10T03:00:00Z', { periods: year });
    expect(row(nine, 'hoi_vien_moi', B)).toMatchObject({ value: 90, ytd: 90, expected: 90, status: 'on_pace' });
    expect(nine.previousWindow).toBeUndefined();
  });

  it('follows the key indicator month by month from January: the cluster in each month, its year to date, the pace', () => {
    // The first indicator with a target is new members; A and B's targets make 240 for the cluster.
    const trend = summarise('2026-03', '2026-04-10T03:00:00Z').trend!;
    expect(trend.indicator).toBe('hoi_vien_moi');
    expect(trend.points).toEqual([
      { key: '2026-01', month: 1, value: 23, cumulative: 23, expected: 20 },
      { key: '2026-02', month: 2, value: 10, cumulative: 33, expected: 40 },
      { key: '2026-03', month: 3, value: 26, cumulative: 59, expected: 60 },
    ]);
    // While February runs, only the months begun. A stock's level falls back on a unit's last
    // answer (B and C in February), and its pace is the whole target.
    const running = summarise('2026-Q1', '2026-02-10T03:00:00Z');
    expect(running.trend!.points.map((p) => p.key)).toEqual(['2026-01', '2026-02']);
    const stock = summarise('2026-Q1', '2026-04-10T03:00:00Z', {
      template: templateDefinitionSchema.parse({
        title: 'Báo cáo',
        sections: [{ title: 'A', fields: [template.sections[0]!.fields[1]!] }],
      }),
    }).trend!;
    expect(stock.points.map((p) => [p.value, p.cumulative, p.expected])).toEqual([
      [1700, 1700, 1000],
      [950, 1750, 1000],
      [830, 1780, 1000],
    ]);
    // Nothing reported this year: no trend.
    expect(summarise('2026-Q1', '2026-04-10T03:00:00Z', { periods: [] }).trend).toBeUndefined();
  });

  it('ranks a unit and gives the median without the other units’ numbers', () => {
    // Two units with a target: a median would tell B what A reached, so there is none.
    expect(unitStanding(indicator(s, 'hoi_vien_moi'), B)).toEqual({ rank: { position: 2, of: 2, by: 'percent' } });
    expect(unitStanding(indicator(s, 'hoi_vien_moi'), C)).toEqual({ rank: { position: 2, of: 3, by: 'value' } });
    const all = summarise('2026-Q1', '2026-04-10T03:00:00Z', {
      targets: [...targets, { unitId: C, year: 2026, indicator: 'hoi_vien_moi', value: 60 }],
    });
    // C: 17 of 60 = 28.3 %, A 26.7 %, B 8.3 %.
    expect(unitStanding(indicator(all, 'hoi_vien_moi'), A)).toEqual({
      rank: { position: 2, of: 3, by: 'percent' },
      clusterMedianPercent: 26.666667,
    });
  });
});
