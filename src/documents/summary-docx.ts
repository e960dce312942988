/**
 * A draft of the cluster's consolidated report (DOCX, written by docx) shaped like the
 * administrative documents of Decree 30/2020: the issuing body and the national motto side
 * by side, place and date, "BÁO CÁO" and its subject, numbered sections (I. general
 * situation and completeness; II. results per task with the numbers across units and the
 * units' highlights quoted with their names; III. targets still low; IV. the units'
 * proposals; V. the leader's guidance; VI. "Phương hướng" left for the leader), then
 * recipients and the signature block. Times New Roman, 14 pt body, A4 with the decree's
 * margins. Ready to edit in Word, not to assemble.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import { formatDate } from '../domain/dates.js';
import { formatNumber } from '../domain/numbers.js';
import type { IndicatorSummary } from '../domain/summary/build.js';
import { local } from '../domain/time.js';
import { periodLabel, vi } from '../i18n/vi.js';
import type { SummaryDocumentData } from '../services/summary.js';
import { answerText, documentFileName, type SummaryFile } from './common.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const FONT = 'Times New Roman';
/** Half-points: 14 pt body; 13 pt the document's number; 12 pt the issuer, the motto's first line and the tables; 11 pt recipients. */
const SIZE = { body: 28, header: 26, small: 24, tiny: 22 } as const;
const MM = 56.7; // twentieths of a point per millimetre

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

const run = (text: string, options: Omit<IRunOptions, 'text'> = {}) =>
  new TextRun({ text, font: FONT, size: SIZE.body, ...options });

const centred = (text: string, options: Omit<IRunOptions, 'text'> = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, options)] });

/** A body paragraph: justified, first line indented 1 cm, 6 pt after, as the decree's layout. */
const body = (children: TextRun[] | string) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: Math.round(10 * MM) },
    spacing: { after: 120, line: 300 },
    children: typeof children === 'string' ? [run(children)] : children,
  });

const heading = (text: string) =>
  new Paragraph({ spacing: { before: 160, after: 120 }, children: [run(text, { bold: true })] });

/** The width between the decree's margins (A4, 30 mm left, 15 mm right): 165 mm. */
const TEXT_WIDTH_MM = 165;

/**
 * Side by side, no borders: the header (issuer | motto) and the footer (recipients | signer).
 * `leftMm` wide on the left, the rest on the right; widths in twentieths of a point, which
 * Word and LibreOffice both keep (a percentage is not kept by LibreOffice).
 */
function twoColumns(left: Paragraph[], right: Paragraph[], leftMm: number): Table {
  const widths = [leftMm, TEXT_WIDTH_MM - leftMm].map((mm) => Math.round(mm * MM));
  const cell = (children: Paragraph[], size: number) =>
    new TableCell({ children, width: { size, type: WidthType.DXA }, borders: NO_BORDERS });
  return new Table({
    width: { size: Math.round(TEXT_WIDTH_MM * MM), type: WidthType.DXA },
    columnWidths: widths,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, widths[0]!), cell(right, widths[1]!)] })],
  });
}

/** A short centred rule under a header line, as the decree draws under the issuer's name. */
const rule = () => new Paragraph({ alignment: AlignmentType.CENTER, children: [run('________', { size: SIZE.tiny })] });

/** An indicator's figure as the draft prints it: "1.220 người", "85%". */
function amount(value: number | undefined, indicator: Pick<IndicatorSummary, 'type' | 'unit'>): string | undefined {
  if (value === undefined) return undefined;
  if (indicator.type === 'percent') return `${formatNumber(value)}%`;
  return indicator.unit ? `${formatNumber(value)} ${indicator.unit}` : formatNumber(value);
}
const percent = (value: number | undefined) =>
  value === undefined ? undefined : `${formatNumber(Math.round(value * 10) / 10)}%`;

/** The numbers of one indicator across the units, with the cluster's row last. */
function indicatorTable(indicator: IndicatorSummary, names: Map<number, string>): Table {
  const t = vi.summary.files.docx;
  const text = (value: string | undefined, bold = false) =>
    new TableCell({
      children: [new Paragraph({ children: [run(value ?? '', { size: SIZE.small, bold })] })],
    });
  const row = (
    name: string,
    r: { value?: number; ytd?: number; target?: number; percentOfTarget?: number },
    bold = false,
  ) =>
    new TableRow({
      children: [
        text(name, bold),
        text(r.value === undefined ? undefined : formatNumber(r.value), bold),
        text(r.ytd === undefined ? undefined : formatNumber(r.ytd), bold),
        text(r.target === undefined ? undefined : formatNumber(r.target), bold),
        text(percent(r.percentOfTarget), bold),
      ],
    });
  // The units' names get the room: 57 mm, then four figures of 27 mm.
  const widths = [57, 27, 27, 27, 27].map((mm) => Math.round(mm * MM));
  return new Table({
    width: { size: Math.round(TEXT_WIDTH_MM * MM), type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: t.tableHead.map((h) => text(h, true)) }),
      ...indicator.units.map((u) => row(names.get(u.unitId) ?? '', u)),
      row(vi.summary.sheet.cluster, indicator.cluster, true),
    ],
  });
}

/** The draft's bytes, MIME type and file name ("tong-hop-thang-2026-Q1.docx"). */
export async function summaryDraft(data: SummaryDocumentData): Promise<SummaryFile> {
  const { summary, documents } = data;
  const t = vi.summary.files.docx;
  const names = new Map(summary.units.map((u) => [u.id, u.name]));
  const today = local(summary.generatedAt);
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI'];
  const section = (i: number) => heading(`${roman[i]}. ${t.sections[i]}`);

  const header = twoColumns(
    [
      centred((documents.issuingBody ?? t.issuingBody).toUpperCase(), { size: SIZE.small }),
      centred(data.clusterName.toUpperCase(), { size: SIZE.small, bold: true }),
      rule(),
      centred(t.number, { size: SIZE.header }),
    ],
    [
      // At 12 pt (the decree allows 12–13) the issuer and the motto each keep to their column.
      centred(t.nation, { size: SIZE.small, bold: true }),
      centred(t.motto, { bold: true, underline: {} }),
      centred(t.placeDate(documents.place, today.format('DD'), today.format('MM'), today.year()), { italics: true }),
    ],
    72,
  );

  const c = summary.completeness;
  const missing = c.units.filter((u) => u.missing > 0).map((u) => names.get(u.unitId)!);
  const general = [
    section(0),
    body(
      t.general({
        units: summary.units.length,
        periods: c.periods.length,
        onTime: c.totals.onTime,
        late: c.totals.late,
        missing: c.totals.missing,
        excused: c.totals.excused,
      }),
    ),
    body(missing.length ? t.missingUnits(missing.join(', ')) : t.allSubmitted),
    body(t.pace(summary.pace.month, summary.pace.expectedShare * 100)),
  ];

  // II. One numbered part per section of the template: its indicators, then its highlights.
  const results: (Paragraph | Table)[] = [section(1)];
  const sectionTitles = [...new Set(data.fields.map((f) => f.sectionTitle))];
  sectionTitles.forEach((title, i) => {
    results.push(
      new Paragraph({
        spacing: { before: 120, after: 60 },
        children: [run(`${i + 1}. ${title}`, { bold: true, italics: true })],
      }),
    );
    for (const indicator of summary.indicators.filter((x) => x.sectionTitle === title)) {
      const c = indicator.cluster;
      // Only some units with a target: the year to date set against the targets is theirs.
      const partial = c.target !== undefined && c.unitsWithTarget < summary.units.length;
      const line = t.clusterLine(
        indicator.label,
        {
          value: amount(c.value, indicator),
          ytd: amount(partial ? c.targetedYtd : c.ytd, indicator),
          target: amount(c.target, indicator),
          percent: percent(c.percentOfTarget),
          status: c.status,
        },
        partial ? [c.unitsWithTarget, summary.units.length] : undefined,
      );
      results.push(body(`- ${line}`));
      // A table of blanks is only something to delete: an indicator nobody reported has its line alone.
      if (indicator.units.some((u) => u.value !== undefined || u.ytd !== undefined))
        results.push(indicatorTable(indicator, names));
    }
    // One paragraph a unit, its quotes in period order, each named by its month when the window has several.
    const texts = data.fields.filter((f) => f.sectionTitle === title && (f.type === 'text' || f.type === 'long_text'));
    const byUnit = new Map<string, string[]>();
    for (const a of data.answers)
      for (const f of texts) {
        const text = answerText(f, a.values[f.key]);
        if (!text) continue;
        const when = summary.completeness.periods.length > 1 ? ` (${periodLabel(a.periodKey).toLowerCase()})` : '';
        const unit = names.get(a.unitId) ?? a.unitCode;
        byUnit.set(unit, [...(byUnit.get(unit) ?? []), `«${text}»${when}`]);
      }
    if (byUnit.size) {
      results.push(body([run(t.highlights, { italics: true })]));
      for (const [unit, quotes] of byUnit)
        results.push(body([run(`- ${unit}: `, { bold: true }), run(quotes.join('; '))]));
    }
  });
  if (summary.indicators.length === 0) results.push(body(t.noIndicators));

  const low = summary.indicators.filter((i) => i.stillLow.length);
  const stillLow = [
    section(2),
    ...(low.length
      ? low.map((indicator) =>
          body(
            `- ${t.lowLine(
              indicator.label,
              indicator.stillLow.map((id) => {
                const p = indicator.units.find((u) => u.unitId === id)?.percentOfTarget;
                return `${names.get(id)}${p === undefined ? '' : ` (${percent(p)})`}`;
              }),
            )}`,
          ),
        )
      : [body(t.noLow)]),
  ];
  const proposals = [
    section(3),
    ...(data.proposals.length
      ? data.proposals.map((p) =>
          body([run(`- ${p.unitName} `, { bold: true }), run(`(${formatDate(p.createdAt)}): ${p.body}`)]),
        )
      : [body(t.noProposals)]),
  ];
  const guidance = [
    section(4),
    ...(data.guidance.length
      ? data.guidance.map((g) => body(`- ${t.dated(formatDate(g.createdAt), g.body)}`))
      : [body(t.noGuidance)]),
  ];
  const outlook = [section(5), body(t.blank), body(t.blank), body(t.blank)];

  const recipients = documents.recipients ?? t.recipients;
  const footer = twoColumns(
    [
      new Paragraph({ children: [run(t.recipientsTitle, { bold: true, italics: true, size: SIZE.small })] }),
      ...recipients.map((r) => new Paragraph({ children: [run(`- ${r}`, { size: SIZE.tiny })] })),
    ],
    [
      centred((documents.signer?.title ?? t.signerTitle).toUpperCase(), { bold: true }),
      centred(t.signHint, { italics: true, size: SIZE.small }),
      new Paragraph({ children: [] }),
      new Paragraph({ children: [] }),
      new Paragraph({ children: [] }),
      centred(documents.signer?.name ?? '', { bold: true }),
    ],
    TEXT_WIDTH_MM / 2,
  );

  const doc = new Document({
    creator: 'cum-thi-dua-bot',
    title: `${t.title} ${t.subject(summary.window, summary.templateTitle)}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM },
          },
        },
        children: [
          header,
          new Paragraph({
            spacing: { before: 240 },
            alignment: AlignmentType.CENTER,
            children: [run(t.title, { bold: true })],
          }),
          centred(t.subject(summary.window, summary.templateTitle), { bold: true }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run('__________')] }),
          ...general,
          ...results,
          ...stillLow,
          ...proposals,
          ...guidance,
          ...outlook,
          new Paragraph({ children: [] }),
          footer,
        ],
      },
    ],
  });
  const bytes = await Packer.toBuffer(doc);
  return { fileName: documentFileName(summary.windowKey, 'docx'), bytes, mime: DOCX_MIME };
}
