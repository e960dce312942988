import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import {
  CHART_WIDTH,
  ChartFontMissing,
  chartSpecs,
  chartSvg,
  MAX_BARS,
  renderChart,
  summaryCharts,
  type ChartSpec,
} from '../../src/documents/summary-charts.js';
import { scheduleDefinitionSchema } from '../../src/domain/periods.js';
import { buildSummary, type SummaryPeriodData } from '../../src/domain/summary/build.js';
import { DEFAULT_SUMMARY_SETTINGS } from '../../src/domain/summary/settings.js';
import { windowByKey } from '../../src/domain/summary/windows.js';
import { templateDefinitionSchema } from '../../src/domain/template.js';
import { decodePng, differingPixels, inkedPixels, pngSize } from '../support/png.js';

const monthly = scheduleDefinitionSchema.parse({ frequency: 'monthly', deadline: { day: 25, time: '17:00' } });
const template = templateDefinitionSchema.parse({
  title: 'Báo cáo tháng',
  sections: [
    {
      title: 'Xây dựng tổ chức',
      fields: [
        { key: 'hoi_vien_moi', label: 'Số hội viên mới kết nạp', type: 'integer', unit: 'người', target: 'hvm' },
        { key: 'von', label: 'Vốn hỗ trợ', type: 'decimal', unit: 'triệu đồng', required: false },
        { key: 'noi_bat', label: 'Nổi bật', type: 'text' },
      ],
    },
  ],
});

/**
 * `count` units ("Hội CCB tỉnh 1"…) over January to March 2026, summarised on 10/4: unit i
 * files i new members a month (unit 1 misses February, unit 2 is late in March), a target of
 * 100 each; the first unit files 1.500 million VND in January.
 */
function quarter(count: number) {
  const units = Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `Hội CCB tỉnh ${i + 1}` }));
  const periods: SummaryPeriodData[] = ['2026-01', '2026-02', '2026-03'].map((key) => ({
    key,
    deadlineAt: new Date(`${key}-25T10:00:00Z`),
    terms: [],
    reports: units
      .filter((u) => !(u.id === 1 && key === '2026-02'))
      .map((u) => ({
        unitId: u.id,
        submittedAt: new Date(u.id === 2 && key === '2026-03' ? `${key}-27T03:00:00Z` : `${key}-20T03:00:00Z`),
        values: { hoi_vien_moi: u.id, ...(u.id === 1 && key === '2026-01' ? { von: 1500 } : {}) },
      })),
  }));
  return buildSummary({
    schedule: monthly,
    template,
    window: windowByKey(monthly, '2026-Q1')!,
    units,
    periods,
    targets: units.map((u) => ({ unitId: u.id, year: 2026, indicator: 'hvm', value: 100 })),
    settings: DEFAULT_SUMMARY_SETTINGS,
    now: new Date('2026-04-10T03:00:00Z'),
  });
}

const specOf = (specs: ChartSpec[], name: ChartSpec['name']) => specs.find((s) => s.name === name)!.spec;
const valuesOf = (spec: TopLevelSpec) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

/** A chart with nothing but a title (and one bar so that it has a size). */
const titled = (text: string): TopLevelSpec => ({
  width: 600,
  height: 40,
  title: { text, fontSize: 30 },
  config: { font: 'DejaVu Sans', background: 'white' },
  data: { values: [{ x: 1 }] },
  mark: 'bar',
  encoding: { x: { field: 'x', type: 'quantitative', axis: null } },
});

describe("the summary's charts", () => {
  it('renders the three charts as PNGs 1080 px wide, with short captions', async () => {
    const charts = await summaryCharts(quarter(9));
    expect(charts.map((c) => c.fileName)).toEqual([
      'bieu-do-nop-bao-cao-2026-Q1.png',
      'bieu-do-chi-tieu-2026-Q1.png',
      'bieu-do-dien-bien-2026-Q1.png',
    ]);
    expect(charts.map((c) => c.caption)).toEqual([
      '📊 Nộp báo cáo Quý I/2026: 25 đúng hạn, 1 nộp muộn, 1 chưa nộp',
      '🎯 Số hội viên mới kết nạp: % chỉ tiêu năm của từng đơn vị (7 đơn vị còn thấp)',
      '📈 Số hội viên mới kết nạp: diễn biến toàn cụm năm 2026',
    ]);
    for (const chart of charts) {
      const { width, height } = pngSize(chart.bytes);
      expect(width).toBe(CHART_WIDTH);
      expect(height).toBeGreaterThan(300);
      expect(height).toBeLessThan(2000);
      // Drawn, not blank: a good share of the picture is ink.
      expect(inkedPixels(decodePng(chart.bytes))).toBeGreaterThan(width * height * 0.03);
    }
  });

  it('draws Vietnamese text with its diacritics: the title’s pixels differ with and without them, and without a title', async () => {
    const [marked, plain, none] = await Promise.all(
      ['Tiến độ chỉ tiêu', 'Tien do chi tieu', ''].map(async (text) => decodePng(await renderChart(titled(text)))),
    );
    expect(pngSize(await renderChart(titled('Tiến độ')))).toMatchObject({ width: CHART_WIDTH });
    // The title sits in the top rows; with a title the picture is taller.
    const titleRows = [0, 70] as const;
    expect(inkedPixels(marked!, ...titleRows)).toBeGreaterThan(500);
    expect(differingPixels(marked!, plain!, ...titleRows)).toBeGreaterThan(100);
    expect(differingPixels(marked!, none!, ...titleRows)).toBeGreaterThan(500);
    expect(marked!.height).toBeGreaterThan(none!.height);
  });

  it('writes the text into the SVG as text, numbers the Vietnamese way', async () => {
    const specs = chartSpecs(quarter(9));
    const percent = await chartSvg(specOf(specs, 'chi-tieu'));
    // Unit 1: 1 + 1 of 100 = 2 %; unit 9: 27 %; 3/12 of the year expected by March.
    expect(percent).toContain('Số hội viên mới kết nạp (người): % chỉ tiêu năm');
    expect(percent).toContain('Hội CCB tỉnh 1');
    expect(percent).toContain('Tiến độ kỳ vọng 25%');
    expect(percent).toContain('>27%<');
    const trend = await chartSvg(specOf(specs, 'dien-bien'));
    expect(trend).toContain('>T1<');
    expect(trend).toContain('>T3<');
    expect(trend).toContain('Lũy kế năm');
    // The January total 1+…+9 = 45 less unit 1's missing February: the axis counts in the dozens.
    const money = await chartSvg({
      ...titled('Vốn'),
      data: { values: [{ x: 1500 }, { x: 2.5 }] },
      encoding: { x: { field: 'x', type: 'quantitative', axis: { format: ',.1~f', values: [2.5, 1500] } } },
    });
    expect(money).toContain('>1.500<');
    expect(money).toContain('>2,5<');
  });

  it('marks still-low units and draws the pace as a rule', () => {
    const values = valuesOf(
      specOf(chartSpecs(quarter(9)), 'chi-tieu') as { layer: unknown[] } & TopLevelSpec as TopLevelSpec,
    );
    // 25 % expected less 10 %: below 22,5 % is low (units 1–7 have 2 %…21 %, 8 and 9 24 % and 27 %).
    expect(values.filter((v) => v.judgement === 'Còn thấp').map((v) => v.unit)).toHaveLength(7);
    expect(values.find((v) => v.unit === 'Hội CCB tỉnh 9')).toMatchObject({ percent: 27, judgement: 'Không thấp' });
  });

  it('shows at most 30 units: those most behind, and the lowest % of target, saying so', () => {
    const specs = chartSpecs(quarter(40));
    const completeness = valuesOf(specOf(specs, 'nop-bao-cao'));
    const units = new Set(completeness.map((v) => v.unit));
    expect(units.size).toBe(MAX_BARS);
    // Unit 1 missed February and unit 2 was late: both among those shown.
    expect(units.has('Hội CCB tỉnh 1') && units.has('Hội CCB tỉnh 2')).toBe(true);
    expect(JSON.stringify(specOf(specs, 'nop-bao-cao'))).toContain('30/40 đơn vị: thiếu, muộn nhiều nhất');
    const percent = valuesOf(specOf(specs, 'chi-tieu'));
    expect(percent).toHaveLength(MAX_BARS);
    expect(percent.map((v) => v.unit)).not.toContain('Hội CCB tỉnh 31');
    expect(JSON.stringify(specOf(specs, 'chi-tieu'))).toContain('30/40 đơn vị có % chỉ tiêu thấp nhất');
    expect(
      chartSpecs(quarter(30))
        .map((s) => JSON.stringify(s.spec))
        .join(),
    ).not.toContain('30/30');
  });

  it('charts nothing when there is no number', () => {
    const empty = buildSummary({
      schedule: monthly,
      template,
      window: windowByKey(monthly, '2026-Q1')!,
      units: [{ id: 1, name: 'Hội CCB tỉnh 1' }],
      periods: [],
      targets: [],
      settings: DEFAULT_SUMMARY_SETTINGS,
      now: new Date('2026-04-10T03:00:00Z'),
    });
    expect(chartSpecs(empty)).toEqual([]);
  });

  it('refuses to draw without its font files, naming them', async () => {
    const missing = '/nonexistent/DejaVuSans.ttf';
    const attempt = summaryCharts(quarter(3), { fonts: [missing] });
    await expect(attempt).rejects.toBeInstanceOf(ChartFontMissing);
    await expect(attempt).rejects.toThrow(/nonexistent\/DejaVuSans\.ttf.*fonts-dejavu-core/);
  });
});
