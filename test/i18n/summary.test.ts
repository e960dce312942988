import { describe, expect, it } from 'vitest';
import type { ClusterSummary, IndicatorSummary } from '../../src/domain/summary/build.js';
import { MAX_TEXT, visibleLength } from '../../src/domain/telegram-limits.js';
import { vi } from '../../src/i18n/vi.js';

const window = {
  kind: 'half' as const,
  key: '2026-H1',
  year: 2026,
  index: 1,
  firstMonth: 1,
  lastMonth: 6,
  startsAt: new Date('2025-12-31T17:00:00Z'),
  endsAt: new Date('2026-06-30T17:00:00Z'),
};

/** A cluster of `n` units, every one still low on new members; names with characters HTML must escape. */
function summaryOf(n: number): ClusterSummary {
  const units = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `Hội CCB <Tỉnh> & số ${i + 1}` }));
  const indicator: IndicatorSummary = {
    key: 'hoi_vien_moi',
    label: 'Số hội viên mới kết nạp',
    sectionTitle: 'Nhiệm vụ 2',
    type: 'integer',
    unit: 'người',
    aggregate: 'sum',
    targetIndicator: 'hoi_vien_moi',
    units: units.map((u) => ({
      unitId: u.id,
      value: 1500,
      reportedPeriods: 6,
      missingPeriods: [],
      excusedPeriods: [],
      ytd: 1500,
      target: 10000,
      percentOfTarget: 15,
      status: 'low' as const,
    })),
    cluster: {
      value: 1500 * n,
      ytd: 1500 * n,
      target: 10000 * n,
      percentOfTarget: 15,
      status: 'low',
      unitsWithTarget: n,
    },
    stillLow: units.map((u) => u.id),
  };
  return {
    window,
    ended: true,
    templateTitle: 'Báo cáo tháng',
    units,
    completeness: {
      periods: [],
      units: units.map((u) => ({ unitId: u.id, onTime: 6, late: 0, missing: 0, pending: 0, excused: 0 })),
      totals: { onTime: 6 * n, late: 0, missing: 0, pending: 0, excused: 0 },
    },
    pace: { month: 6, expectedShare: 0.5, tolerance: 0.1 },
    indicators: [indicator],
    generatedAt: new Date('2026-07-01T02:00:00Z'),
  };
}

const extra = { proposals: [], proposalCount: 0, guidanceCount: 2 };

describe("the leader's summary message", () => {
  it('names at most five units still low and counts the rest, with Vietnamese numbers', () => {
    const text = vi.summary.message(summaryOf(300), extra);
    expect(text).toContain('TỔNG HỢP 6 THÁNG ĐẦU NĂM 2026');
    expect(text).toContain('lũy kế 450.000 người/3.000.000 (15%)');
    expect(text).toContain('và 295 đơn vị khác');
    expect(text.match(/Hội CCB &lt;Tỉnh&gt; &amp; số/g)).toHaveLength(5);
    // 300 units make it no longer: it stays one message within Telegram's limit.
    expect(visibleLength(text)).toBeLessThanOrEqual(MAX_TEXT);
  });

  it('names every unit still low when there are few', () => {
    const text = vi.summary.message(summaryOf(2), extra);
    expect(text).toContain('Còn thấp: Hội CCB &lt;Tỉnh&gt; &amp; số 1, Hội CCB &lt;Tỉnh&gt; &amp; số 2');
    expect(text).not.toContain('đơn vị khác');
  });

  it('sets against the targets only the year to date of the units that have one, and says how many those are', () => {
    const summary = summaryOf(9);
    // Three of the nine units have a target of 10.000 each: 4.500 of their 30.000.
    summary.indicators[0]!.cluster = {
      ...summary.indicators[0]!.cluster,
      target: 30000,
      targetedYtd: 4500,
      unitsWithTarget: 3,
    };
    const text = vi.summary.message(summary, extra);
    expect(text).toContain(
      'trong kỳ 13.500 người; lũy kế 4.500 người/30.000 (15%) — <b>còn thấp</b> (3/9 đơn vị có chỉ tiêu)',
    );
    // Every unit with a target: the whole cluster's year to date, no note.
    expect(vi.summary.message(summaryOf(9), extra)).toContain('lũy kế 13.500 người/90.000 (15%) — <b>còn thấp</b>\n');
  });

  it('quotes each proposal on one line of at most 120 characters, however long or many-lined the letter', () => {
    const letter = `Đề nghị hỗ trợ <kinh phí>\n\ncho hội thao & ${'rất '.repeat(400)}nhiều`;
    const proposals = [1, 2, 3].map((i) => ({ unitName: `Hội CCB tỉnh số ${i}`, body: letter }));
    const text = vi.summary.message(summaryOf(300), { proposals, proposalCount: 40, guidanceCount: 0 });
    const quoted = text.split('\n').filter((line) => line.startsWith('• Hội CCB tỉnh số'));
    expect(quoted).toHaveLength(3);
    for (const line of quoted) {
      expect(line).toContain('Đề nghị hỗ trợ &lt;kinh phí&gt; cho hội thao &amp; rất');
      expect(line.endsWith('…')).toBe(true);
      expect(line.split(': ')[1]!.replace(/&lt;|&gt;|&amp;/g, '_').length).toBeLessThanOrEqual(120);
    }
    expect(text).toContain('Kiến nghị của đơn vị</b>: 40');
    expect(visibleLength(text)).toBeLessThanOrEqual(MAX_TEXT);
  });
});
