/**
 * The summary's charts as PNG images, sent as an album after the leader's summary message:
 * (1) completeness per unit (on time, late, missing, excused, not yet due: stacked bars);
 * (2) the key indicator's % of the yearly target per unit, with the expected pace as a rule
 * and the units still low in a warning colour; (3) the cluster's trend of the key indicator
 * by period from January (in the period, year to date, target pace).
 *
 * Pipeline: a Vega-Lite spec → SVG from a headless Vega view → PNG 1080 px wide through
 * resvg, with the DejaVu Sans files named explicitly (no system font lookup): a missing font
 * file throws ChartFontMissing before anything is drawn, instead of text silently left out.
 * Numbers are formatted the Vietnamese way (1.500; 2,5) by the view's locale. At most
 * MAX_BARS units per chart; with more, the ones that need attention are shown and the
 * subtitle says how many of how many.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { keyIndicator, type CellState, type ClusterSummary, type IndicatorSummary } from '../domain/summary/build.js';
import { formatNumber } from '../domain/numbers.js';
import { vi } from '../i18n/vi.js';

const t = vi.summary.charts;

/** One chart, ready to send as a photo. */
export interface SummaryChart {
  /** Latin letters, digits and dashes: "bieu-do-nop-bao-cao-2026-Q1.png". */
  fileName: string;
  /** Plain text, at most 1,024 characters (Telegram's caption limit). */
  caption: string;
  /** The PNG, CHART_WIDTH pixels wide. */
  bytes: Buffer;
}

/** A chart before rendering: what it is called and its Vega-Lite spec (tests read its data). */
export interface ChartSpec {
  name: 'nop-bao-cao' | 'chi-tieu' | 'dien-bien';
  caption: string;
  spec: TopLevelSpec;
}

/** The PNG's width in pixels; the height follows the chart (more units, taller). */
export const CHART_WIDTH = 1080;
/** At most this many units (bars) in one chart. */
export const MAX_BARS = 30;
/** Telegram's caption limit. */
const MAX_CAPTION = 1024;

/** Where Debian's fonts-dejavu-core puts the files (the Docker image installs it). */
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
/** Regular and bold DejaVu Sans: Latin with every Vietnamese diacritic. */
export const FONT_FILES = [`${FONT_DIR}/DejaVuSans.ttf`, `${FONT_DIR}/DejaVuSans-Bold.ttf`];
const FONT_FAMILY = 'DejaVu Sans';

/** A font file the charts need is not on this machine (install fonts-dejavu-core). */
export class ChartFontMissing extends Error {
  constructor(readonly files: string[]) {
    super(`chart font file(s) missing: ${files.join(', ')} (install the Debian package fonts-dejavu-core)`);
    this.name = 'ChartFontMissing';
  }
}

const COLOURS = {
  on_time: '#2e7d32',
  late: '#f9a825',
  missing: '#c62828',
  excused: '#9e9e9e',
  pending: '#90caf9',
  bar: '#4c78a8',
  low: '#d62728',
  line: '#1f3b73',
  pace: '#e65100',
} as const;

/**
 * Vietnamese number formatting for the view: 1.500 and 2,5 (a d3 number locale; the view
 * builds its formatters from it). No time locale: the charts draw no time axis, periods are
 * labelled "T1", "T2"….
 */
const LOCALE = { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' đ'] } };

const CONFIG = {
  font: FONT_FAMILY,
  background: 'white',
  padding: 20,
  title: { fontSize: 26, anchor: 'start', offset: 14, subtitleFontSize: 18, subtitleColor: '#555' },
  axis: { labelFontSize: 16, titleFontSize: 17, titleFontWeight: 'bold', labelLimit: 430, grid: true },
  legend: { labelFontSize: 16, titleFontSize: 16, orient: 'top', symbolSize: 220, labelLimit: 300 },
  view: { stroke: null },
} as const;

/** Fit the whole picture (labels and legend included) in the width; bars set the height. */
const FRAME = { width: CHART_WIDTH - 2 * CONFIG.padding, autosize: { type: 'fit-x', contains: 'padding' } } as const;

/** The d3 number format of an indicator's figures: whole numbers grouped, decimals up to 2 places. */
const numberFormat = (indicator: Pick<IndicatorSummary, 'type'>) => (indicator.type === 'integer' ? ',d' : ',.2~f');

/** About this many characters fit a title line at 26 px across the picture. */
const TITLE_LINE = 60;

/** A title broken into lines at spaces (vega truncates a long one otherwise), with its subtitle lines. */
function title(text: string, subtitle: string[]) {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= TITLE_LINE) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const wrapped = lines.length === 1 ? lines[0]! : lines;
  return subtitle.length ? { text: wrapped, subtitle } : { text: wrapped };
}

/**
 * The charts of a summary, as specs; none when the summary has no number to chart (no
 * indicator has a figure this year). Completeness when the window has begun periods, the
 * key indicator against target when units have one, the trend when the model has one.
 */
export function chartSpecs(summary: ClusterSummary): ChartSpec[] {
  if (!summary.indicators.some((i) => i.cluster.ytd !== undefined || i.cluster.value !== undefined)) return [];
  const specs: ChartSpec[] = [];
  if (summary.completeness.periods.length > 0) specs.push(completenessChart(summary));
  const key = keyIndicator(summary.indicators);
  if (key && key.units.some((u) => u.percentOfTarget !== undefined)) specs.push(percentChart(summary, key));
  if (summary.trend && summary.trend.points.some((p) => p.value !== undefined)) specs.push(trendChart(summary));
  return specs;
}

function completenessChart(summary: ClusterSummary): ChartSpec {
  const windowName = vi.summary.windowName(summary.window);
  const names = new Map(summary.units.map((u) => [u.id, u.name]));
  const counted = summary.completeness.units.filter((u) => u.onTime + u.late + u.missing + u.excused + u.pending > 0);
  const behind = (u: (typeof counted)[number]) => u.missing * 1000 + u.late;
  const shown =
    counted.length > MAX_BARS
      ? new Set(
          [...counted]
            .sort((a, b) => behind(b) - behind(a))
            .slice(0, MAX_BARS)
            .map((u) => u.unitId),
        )
      : undefined;
  const rows = counted.filter((u) => !shown || shown.has(u.unitId));
  const states: [CellState, keyof (typeof rows)[number]][] = [
    ['on_time', 'onTime'],
    ['late', 'late'],
    ['missing', 'missing'],
    ['excused', 'excused'],
    ['pending', 'pending'],
  ];
  const present = states.filter(([, field]) => summary.completeness.totals[field as 'onTime'] > 0);
  const values = rows.flatMap((u) =>
    present.map(([state, field], order) => ({
      unit: names.get(u.unitId) ?? '',
      state: t.state(state),
      order,
      count: u[field] as number,
    })),
  );
  const subtitle = [windowName, ...(shown ? [t.someUnitsMostBehind(rows.length, counted.length)] : [])];
  const totals = summary.completeness.totals;
  return {
    name: 'nop-bao-cao',
    caption: t.completenessCaption(windowName, totals),
    spec: {
      ...FRAME,
      config: CONFIG,
      title: title(t.completenessTitle, subtitle),
      height: { step: 34 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'unit', type: 'nominal', sort: rows.map((u) => names.get(u.unitId) ?? ''), title: null },
        x: {
          field: 'count',
          type: 'quantitative',
          aggregate: 'sum',
          stack: 'zero',
          title: t.completenessAxis,
          axis: { format: ',d', tickMinStep: 1 },
        },
        color: {
          field: 'state',
          type: 'nominal',
          title: t.stateLegend,
          scale: { domain: present.map(([s]) => t.state(s)), range: present.map(([s]) => COLOURS[s]) },
        },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  };
}

function percentChart(summary: ClusterSummary, key: IndicatorSummary): ChartSpec {
  const windowName = vi.summary.windowName(summary.window);
  const names = new Map(summary.units.map((u) => [u.id, u.name]));
  const targeted = key.units.filter((u) => u.percentOfTarget !== undefined);
  const lowest = [...targeted].sort((a, b) => a.percentOfTarget! - b.percentOfTarget!).slice(0, MAX_BARS);
  // Highest first, as a ranking reads.
  lowest.reverse();
  const values = lowest.map((u) => ({
    unit: names.get(u.unitId) ?? '',
    percent: u.percentOfTarget!,
    judgement: u.status === 'low' ? t.low : t.notLow,
  }));
  const pacePercent = key.aggregate === 'sum' ? summary.pace.expectedShare * 100 : 100;
  const withoutTarget = key.units.filter((u) => u.target === undefined).length;
  const subtitle = [
    windowName,
    ...(targeted.length > MAX_BARS ? [t.someUnitsLowest(lowest.length, targeted.length)] : []),
    ...(withoutTarget ? [t.noTarget(withoutTarget)] : []),
  ];
  const x = {
    field: 'percent',
    type: 'quantitative',
    title: t.percentAxis,
    scale: { domainMin: 0, nice: true },
    axis: { format: ',~r' },
  } as const;
  // On the bars and their labels only: the pace rule spans the whole height.
  const y = { field: 'unit', type: 'nominal', sort: values.map((v) => v.unit), title: null } as const;
  return {
    name: 'chi-tieu',
    caption: t.percentCaption(key.label, key.stillLow.length),
    spec: {
      ...FRAME,
      config: CONFIG,
      title: title(t.percentTitle(key.label, key.unit), subtitle),
      height: { step: 34 },
      data: { values },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x,
            y,
            color: {
              field: 'judgement',
              type: 'nominal',
              title: t.judgementLegend,
              scale: { domain: [t.low, t.notLow], range: [COLOURS.low, COLOURS.bar] },
            },
          },
        },
        {
          transform: [{ calculate: "format(datum.percent, ',.1~f') + '%'", as: 'label' }],
          mark: { type: 'text', align: 'left', dx: 6, fontSize: 15 },
          encoding: { x, y, text: { field: 'label', type: 'nominal' } },
        },
        {
          data: { values: [{ pace: pacePercent, label: t.paceRule(formatNumber(Math.round(pacePercent))) }] },
          layer: [
            {
              mark: { type: 'rule', color: COLOURS.pace, strokeDash: [8, 5], strokeWidth: 3 },
              encoding: { x: { field: 'pace', type: 'quantitative' } },
            },
            {
              mark: {
                type: 'text',
                color: COLOURS.pace,
                align: 'left',
                baseline: 'bottom',
                dx: 6,
                y: -4,
                fontSize: 15,
                fontWeight: 'bold',
              },
              encoding: { x: { field: 'pace', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
            },
          ],
        },
      ],
    } as TopLevelSpec,
  };
}

function trendChart(summary: ClusterSummary): ChartSpec {
  const trend = summary.trend!;
  const key = summary.indicators.find((i) => i.key === trend.indicator)!;
  const flow = key.aggregate === 'sum';
  const ticks = trend.points.map((p) => t.periodTick(p.key));
  // A flow: each period's figure as bars, the year to date as a line. Any other aggregate
  // is a level: its year-to-date value (a stock's latest) as a line.
  const series = [
    ...(flow ? [t.inPeriod] : []),
    flow ? t.cumulative : t.level,
    ...(key.cluster.target !== undefined ? [t.expected] : []),
  ];
  const values = trend.points.flatMap((p, i) => [
    ...(flow && p.value !== undefined ? [{ tick: ticks[i], series: t.inPeriod, amount: p.value }] : []),
    ...(p.cumulative !== undefined
      ? [{ tick: ticks[i], series: flow ? t.cumulative : t.level, amount: p.cumulative }]
      : []),
    ...(p.expected !== undefined ? [{ tick: ticks[i], series: t.expected, amount: p.expected }] : []),
  ]);
  const colours = series.map((s) => (s === t.inPeriod ? COLOURS.bar : s === t.expected ? COLOURS.pace : COLOURS.line));
  const x = { field: 'tick', type: 'ordinal', sort: ticks, title: null, axis: { labelAngle: 0 } } as const;
  const y = {
    field: 'amount',
    type: 'quantitative',
    title: key.unit ?? null,
    axis: { format: numberFormat(key) },
  } as const;
  const color = {
    field: 'series',
    type: 'nominal',
    title: t.seriesLegend,
    scale: { domain: series, range: colours },
  } as const;
  return {
    name: 'dien-bien',
    caption: t.trendCaption(key.label, summary.window.year),
    spec: {
      ...FRAME,
      config: CONFIG,
      title: title(t.trendTitle(key.label, summary.window.year), [vi.summary.windowName(summary.window)]),
      height: 560,
      data: { values },
      layer: [
        {
          transform: [{ filter: { field: 'series', equal: t.inPeriod } }],
          mark: { type: 'bar', opacity: 0.85 },
          encoding: { x, y, color },
        },
        {
          transform: [{ filter: { field: 'series', oneOf: [t.cumulative, t.level] } }],
          mark: { type: 'line', point: { size: 90 }, strokeWidth: 4 },
          encoding: { x, y, color },
        },
        {
          transform: [{ filter: { field: 'series', equal: t.expected } }],
          mark: { type: 'line', strokeDash: [8, 5], strokeWidth: 3 },
          encoding: { x, y, color },
        },
      ],
    } as TopLevelSpec,
  };
}

/**
 * Vega and Vega-Lite, loaded at the first chart rather than when the bot starts (about 0.6 s
 * of imports every start would pay), with Vega-Lite's warnings off: it says it drops "fit-y"
 * for charts whose height follows their bars, which is what is meant. Errors still throw.
 */
async function loadVega() {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const logger = vega.logger(vega.Error);
  return { vega, compile: (spec: TopLevelSpec) => compile(spec, { logger }).spec };
}

/** Throws ChartFontMissing when a font file is not there (checked before each rendering). */
function checkFonts(files: readonly string[]): void {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) throw new ChartFontMissing(missing);
}

/** The chart as SVG, text as text (tests read it). The font files are checked first. */
export async function chartSvg(spec: TopLevelSpec, options: { fonts?: readonly string[] } = {}): Promise<string> {
  checkFonts(options.fonts ?? FONT_FILES);
  const { vega, compile } = await loadVega();
  const view = new vega.View(vega.parse(compile(spec)), {
    renderer: 'none',
    // The typings want built formatters; the view takes the spec form too (vega-view parses it).
    locale: LOCALE as unknown as Vega.LocaleFormatters,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The chart as a PNG CHART_WIDTH pixels wide, drawn with the given font files only (default
 * FONT_FILES). Throws ChartFontMissing when one is missing.
 */
export async function renderChart(spec: TopLevelSpec, options: { fonts?: readonly string[] } = {}): Promise<Buffer> {
  const fonts = options.fonts ?? FONT_FILES;
  const svg = await chartSvg(spec, { fonts });
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH },
    background: 'white',
    font: { fontFiles: [...fonts], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  }).render();
  return image.asPng();
}

/**
 * The summary's charts as PNGs with their captions and file names, in the order to send
 * them; an empty list when there is nothing to chart (see chartSpecs). Throws
 * ChartFontMissing when the font files are missing.
 */
export async function summaryCharts(
  summary: ClusterSummary,
  options: { fonts?: readonly string[] } = {},
): Promise<SummaryChart[]> {
  const charts: SummaryChart[] = [];
  for (const chart of chartSpecs(summary))
    charts.push({
      fileName: `bieu-do-${chart.name}-${summary.window.key.replace(/[^A-Za-z0-9-]/g, '-')}.png`,
      caption: chart.caption.slice(0, MAX_CAPTION),
      bytes: await renderChart(chart.spec, options),
    });
  return charts;
}
