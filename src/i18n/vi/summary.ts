/** The consolidated summary (📈 Tổng hợp) and a unit's progress: names of windows, judgements, aggregates. */
import type { CellState } from '../../domain/summary/build.js';
import type { TargetStatus } from '../../domain/summary/rule.js';
import type { SummaryWindow } from '../../domain/summary/windows.js';
import type { Aggregate } from '../../domain/template.js';
import { formatDate } from '../../domain/dates.js';
import { formatNumber } from '../../domain/numbers.js';
import type { ClusterSummary, IndicatorSummary } from '../../domain/summary/build.js';
import { esc, oneLine, periodLabel, ROMAN } from './format.js';

/** "Tháng 3/2026", "Quý I/2026", "6 tháng đầu năm 2026", "9 tháng năm 2026", "Năm 2026". */
function windowName(window: Pick<SummaryWindow, 'kind' | 'year' | 'index'>): string {
  switch (window.kind) {
    case 'month':
      return `Tháng ${window.index}/${window.year}`;
    case 'quarter':
      return `Quý ${ROMAN[window.index! - 1]}/${window.year}`;
    case 'half':
      return `6 tháng ${window.index === 1 ? 'đầu' : 'cuối'} năm ${window.year}`;
    case 'nine_months':
      return `9 tháng năm ${window.year}`;
    case 'year':
      return `Năm ${window.year}`;
    case 'once':
      return 'Đợt báo cáo đột xuất';
  }
}

/** A quoted proposal is cut to one line of this many characters in the chat summary. */
const PROPOSAL_CHARS = 120;

const STATUS: Record<TargetStatus, string> = {
  exceeded: 'vượt',
  reached: 'đạt',
  on_pace: 'đúng tiến độ',
  low: 'còn thấp',
  no_target: 'chưa giao chỉ tiêu',
  no_data: 'chưa có số liệu',
};

const AGGREGATE: Record<Aggregate, string> = {
  sum: 'cộng dồn',
  last: 'số cuối kỳ',
  max: 'cao nhất',
  avg: 'bình quân',
};

const CELL: Record<CellState, string> = {
  on_time: 'đúng hạn',
  late: 'nộp muộn',
  missing: 'chưa nộp',
  pending: 'chưa đến hạn',
  excused: 'được miễn',
};

/** At most this many units named in a list of a chat message; the rest are counted. */
const LIST_MAX = 5;

/** "Hội A, Hội B và 3 đơn vị khác". */
function someUnits(names: string[]): string {
  const shown = names.slice(0, LIST_MAX).map(esc).join(', ');
  return names.length > LIST_MAX ? `${shown} và ${names.length - LIST_MAX} đơn vị khác` : shown;
}

/** A number with its unit of measure: "1.500 người", "2,5 triệu đồng", "85%". */
function amount(value: number, indicator: Pick<IndicatorSummary, 'type' | 'unit'>): string {
  if (indicator.type === 'percent') return `${formatNumber(value)}%`;
  return indicator.unit ? `${formatNumber(value)} ${esc(indicator.unit)}` : formatNumber(value);
}

const percent = (value: number) => `${formatNumber(Math.round(value))}%`;

/** "lũy kế 120/300 (40%) — còn thấp", or what the unit or cluster has without a target. */
function progressLine(
  indicator: Pick<IndicatorSummary, 'type' | 'unit'>,
  row: { value?: number; ytd?: number; target?: number; percentOfTarget?: number; status: TargetStatus },
): string {
  const parts: string[] = [];
  if (row.value !== undefined) parts.push(`trong kỳ ${amount(row.value, indicator)}`);
  if (row.target !== undefined && row.ytd !== undefined)
    parts.push(
      `lũy kế ${amount(row.ytd, indicator)}/${formatNumber(row.target)}` +
        (row.percentOfTarget !== undefined ? ` (${percent(row.percentOfTarget)})` : ''),
    );
  const status =
    row.status === 'no_data' || row.status === 'no_target' ? STATUS[row.status] : `<b>${STATUS[row.status]}</b>`;
  return `${parts.join('; ') || STATUS.no_data}${parts.length ? ` — ${status}` : ''}`;
}

/**
 * The cluster's line of an indicator. When only some units have a target, the year to date
 * set against the targets is those units' own (what the % divides), and the line says how
 * many units that is: "… (3/9 đơn vị có chỉ tiêu)".
 */
function clusterProgress(indicator: IndicatorSummary, units: number): string {
  const c = indicator.cluster;
  if (c.target === undefined || c.unitsWithTarget >= units) return progressLine(indicator, c);
  return `${progressLine(indicator, { ...c, ytd: c.targetedYtd })} ${withTargets(c.unitsWithTarget, units)}`;
}

/** "(3/9 đơn vị có chỉ tiêu)": how many units a cluster's % of target covers. */
const withTargets = (targeted: number, units: number) => `(${targeted}/${units} đơn vị có chỉ tiêu)`;

/** The header of a summary or a progress message: what, which window, and how far it has run. */
function windowLine(s: Pick<ClusterSummary, 'templateTitle' | 'window' | 'ended' | 'generatedAt' | 'pace'>): string {
  const state = s.ended ? '' : ` (số liệu đến ${formatDate(s.generatedAt)})`;
  return `${esc(s.templateTitle)} · ${windowName(s.window)}${state}`;
}

export const summaryTexts = {
  summary: {
    windowName,
    /** The still-low judgement of an indicator: "vượt", "đạt", "đúng tiến độ", "còn thấp"… */
    status: (status: TargetStatus) => STATUS[status],
    /** How an indicator adds up over time, for a column note: "cộng dồn", "số cuối kỳ"… */
    aggregate: (aggregate: Aggregate) => AGGREGATE[aggregate],
    /** A unit's standing for one period: "đúng hạn", "nộp muộn", "chưa nộp"… */
    cell: (state: CellState) => CELL[state],
    /** The XLSX's sheet names and headers (documents/summary-xlsx.ts). */
    sheet: {
      summarySheet: 'Tổng hợp',
      sourceSheet: 'Nguồn',
      unit: 'Đơn vị',
      cluster: 'Toàn cụm',
      column: { value: 'Trong kỳ', ytd: 'Lũy kế năm', target: 'Chỉ tiêu năm', percent: '% chỉ tiêu' },
      lowLegend: 'Ô tô đỏ: chỉ tiêu còn thấp so với tiến độ',
      report: 'Báo cáo',
      window: 'Kỳ tổng hợp',
      generatedAt: 'Lập lúc',
      periods: 'Số kỳ báo cáo',
      missing: 'Đơn vị còn thiếu báo cáo',
      none: 'Không',
    },
    // --- in chat (bot/features/summary.ts) ---
    /** The buttons for a window's files (services/summary-buttons.ts). */
    fileButton: {
      x: '📊 Tải bảng tổng hợp (Excel)',
      d: '📝 Tải dự thảo báo cáo (Word)',
      c: '📄 Tải số liệu gốc (CSV)',
    },
    /** The summary the scheduler sends at the schedule's `summary` time. */
    scheduled: (message: string) =>
      `${message}\n\n<i>Bản tổng hợp tự động theo lịch. Bấm «📈 Tổng hợp» để chọn kỳ khác.</i>`,
    /** A file's caption: "📊 Bảng tổng hợp Quý I/2026". */
    fileCaption: {
      x: (windowName: string) => `📊 Bảng tổng hợp ${windowName}`,
      d: (windowName: string) =>
        `📝 Dự thảo báo cáo tổng hợp ${windowName}. Xin đồng chí chỉnh sửa, bổ sung phần phương hướng trước khi ký.`,
      c: (windowName: string) => `📄 Số liệu gốc ${windowName} (mở bằng Excel)`,
    },
    chooseWindow: '📈 Đồng chí muốn tổng hợp kỳ nào?',
    chooseProgressWindow: '📈 Đồng chí muốn xem tiến độ kỳ nào?',
    noWindow: 'Chưa có kỳ báo cáo nào có số liệu để tổng hợp.',
    staleWindow: 'Kỳ này không còn trong cấu hình của cụm. Xin chọn lại.',
    windowNotStarted: 'Kỳ này chưa bắt đầu.',
    /** A window's button: "Quý IV/2026" with "(đang diễn ra)" while it runs. */
    windowButton: (window: Pick<SummaryWindow, 'kind' | 'year' | 'index'>, ended: boolean) =>
      `${windowName(window)}${ended ? '' : ' (đang diễn ra)'}`,
    /** The leader's summary in one message: completeness, indicators, units still low, proposals, guidance. */
    message: (
      s: ClusterSummary,
      extra: { proposals: { unitName: string; body: string }[]; proposalCount: number; guidanceCount: number },
    ) => {
      const name = new Map(s.units.map((u) => [u.id, u.name]));
      const t = s.completeness.totals;
      const lines = [
        `📈 <b>TỔNG HỢP ${esc(windowName(s.window).toUpperCase())}</b>`,
        windowLine(s),
        '',
        `<b>Nộp báo cáo</b> (${s.completeness.periods.length} kỳ × ${s.units.length} đơn vị): ` +
          `${t.onTime} đúng hạn · ${t.late} nộp muộn · ${t.missing} chưa nộp` +
          (t.excused ? ` · ${t.excused} được miễn` : '') +
          (t.pending ? ` · ${t.pending} chưa đến hạn` : ''),
      ];
      const behind = s.completeness.units.filter((u) => u.missing > 0).map((u) => name.get(u.unitId)!);
      if (behind.length) lines.push(`Chưa nộp: ${someUnits(behind)}`);
      lines.push(
        '',
        `<b>Chỉ tiêu</b> (tiến độ kỳ vọng đến tháng ${s.pace.month}: ${percent(s.pace.expectedShare * 100)})`,
      );
      for (const indicator of s.indicators) {
        lines.push(`• ${esc(indicator.label)}: ${clusterProgress(indicator, s.units.length)}`);
        if (indicator.stillLow.length)
          lines.push(`   ⚠️ Còn thấp: ${someUnits(indicator.stillLow.map((id) => name.get(id)!))}`);
      }
      if (s.indicators.length === 0) lines.push('Mẫu báo cáo không có chỉ tiêu bằng số.');
      lines.push('', `<b>Kiến nghị của đơn vị</b>: ${extra.proposalCount}`);
      // One line each, so three long letters cannot push the totals off a phone's screen.
      for (const p of extra.proposals) lines.push(`• ${esc(p.unitName)}: ${esc(oneLine(p.body, PROPOSAL_CHARS))}`);
      lines.push(`<b>Thông báo, chỉ đạo đã gửi</b>: ${extra.guidanceCount}`);
      return lines.join('\n');
    },
    /** A unit's own progress: its indicators against its targets and the pace, its rank, the cluster's median. */
    progress: (p: {
      unit: { name: string };
      templateTitle: string;
      window: SummaryWindow;
      ended: boolean;
      generatedAt: Date;
      pace: ClusterSummary['pace'];
      indicators: (Pick<IndicatorSummary, 'label' | 'type' | 'unit'> & {
        own: { value?: number; ytd?: number; target?: number; percentOfTarget?: number; status: TargetStatus };
        standing: { rank?: { position: number; of: number }; clusterMedianPercent?: number };
      })[];
    }) => {
      const lines = [
        `📈 <b>TIẾN ĐỘ CHỈ TIÊU — ${esc(p.unit.name)}</b>`,
        windowLine(p),
        `Tiến độ kỳ vọng đến tháng ${p.pace.month}: ${percent(p.pace.expectedShare * 100)}`,
        '',
      ];
      for (const indicator of p.indicators) {
        lines.push(`• ${esc(indicator.label)}: ${progressLine(indicator, indicator.own)}`);
        const standing: string[] = [];
        if (indicator.standing.rank)
          standing.push(`xếp thứ ${indicator.standing.rank.position}/${indicator.standing.rank.of} trong cụm`);
        if (indicator.standing.clusterMedianPercent !== undefined)
          standing.push(`trung vị của cụm ${percent(indicator.standing.clusterMedianPercent)}`);
        if (standing.length) lines.push(`   ${standing.join('; ')}`);
      }
      if (p.indicators.length === 0) lines.push('Mẫu báo cáo không có chỉ tiêu bằng số.');
      return lines.join('\n');
    },
    // --- the charts sent as an album after the leader's summary (documents/summary-charts.ts) ---
    charts: {
      /** A state in the completeness chart's legend (the same words as the workbook's). */
      state: (state: CellState) => CELL[state],
      completenessTitle: 'Tình hình nộp báo cáo',
      completenessAxis: 'Số kỳ báo cáo',
      stateLegend: 'Trạng thái',
      /** Under a chart that shows only some units: "30/40 đơn vị: thiếu, muộn nhiều nhất". */
      someUnitsMostBehind: (shown: number, of: number) => `${shown}/${of} đơn vị: thiếu, muộn nhiều nhất`,
      someUnitsLowest: (shown: number, of: number) => `${shown}/${of} đơn vị có % chỉ tiêu thấp nhất`,
      noTarget: (count: number) => `${count} đơn vị chưa giao chỉ tiêu`,
      /** The key indicator against target: "Số hội viên mới kết nạp (người): % chỉ tiêu năm". */
      percentTitle: (label: string, unit?: string) => `${label}${unit ? ` (${unit})` : ''}: % chỉ tiêu năm`,
      percentAxis: '% chỉ tiêu năm (lũy kế)',
      judgementLegend: 'Đánh giá',
      low: 'Còn thấp',
      notLow: 'Không thấp',
      /** The pace rule's label: "Tiến độ kỳ vọng 17%". */
      paceRule: (percentExpected: string) => `Tiến độ kỳ vọng ${percentExpected}%`,
      trendTitle: (label: string, year: number) => `${label}: toàn cụm năm ${year}`,
      seriesLegend: 'Số liệu',
      inPeriod: 'Trong kỳ',
      cumulative: 'Lũy kế năm',
      level: 'Toàn cụm',
      expected: 'Tiến độ kỳ vọng',
      /** A period on the trend's axis: "T3" for March, "Quý I", "6T đầu", "2026". */
      periodTick: (key: string) => {
        const [year, part] = key.split('-');
        if (part === undefined) return year!;
        if (part.startsWith('Q')) return `Quý ${ROMAN[Number(part[1]) - 1]}`;
        if (part.startsWith('H')) return part === 'H1' ? '6T đầu' : '6T cuối';
        return `T${Number(part)}`;
      },
      /** The photos' captions in the album (plain text, short). */
      completenessCaption: (window: string, t: { onTime: number; late: number; missing: number }) =>
        `📊 Nộp báo cáo ${window}: ${t.onTime} đúng hạn, ${t.late} nộp muộn, ${t.missing} chưa nộp`,
      percentCaption: (label: string, lowCount: number) =>
        `🎯 ${label}: % chỉ tiêu năm của từng đơn vị` + (lowCount ? ` (${lowCount} đơn vị còn thấp)` : ''),
      trendCaption: (label: string, year: number) => `📈 ${label}: diễn biến toàn cụm năm ${year}`,
      /** The message that carries the files' buttons after the album. */
      filesPrompt: (window: string) => `📎 Tệp tổng hợp ${window}:`,
    },
    // --- part "files": the workbook's extra sheets, the CSV and the Word draft (src/documents/*) ---
    files: {
      sheet: {
        /** An indicator's column header: "Số hội viên mới kết nạp (người)". */
        indicator: (label: string, unit?: string) => `${label}${unit ? ` (${unit})` : ''}`,
        paceLegend: (month: number, percentExpected: number) =>
          `Tiến độ kỳ vọng đến hết tháng ${month}: ${formatNumber(Math.round(percentExpected))}% chỉ tiêu năm`,
        /** A period's sheet: "Tháng 3-2026" (a sheet name may not hold "/"). */
        periodSheet: (key: string) => periodLabel(key).replaceAll('/', '-').slice(0, 31),
        state: 'Nộp báo cáo',
        textSheet: 'Ý kiến, kết quả nổi bật',
        period: 'Kỳ',
        question: 'Câu hỏi',
        answer: 'Trả lời',
        schedule: 'Lịch báo cáo',
        timeZone: 'Múi giờ',
        timeZoneValue: 'Giờ Việt Nam (Asia/Ho_Chi_Minh)',
      },
      /** The CSV's header row. */
      csvHeader: ['Kỳ', 'Mã đơn vị', 'Đơn vị', 'Phần', 'Mã câu hỏi', 'Câu hỏi', 'Trả lời', 'Đơn vị tính', 'Nộp lúc'],
      yes: 'Có',
      no: 'Không',
      /** The Word draft (documents/summary-docx.ts), laid out as Decree 30/2020 asks. */
      docx: {
        issuingBody: 'HỘI CỰU CHIẾN BINH VIỆT NAM',
        number: 'Số:        /BC-CTĐ',
        nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        motto: 'Độc lập - Tự do - Hạnh phúc',
        /** "Hưng Yên, ngày 05 tháng 12 năm 2026"; dots when no place is configured. */
        placeDate: (place: string | undefined, day: string, month: string, year: number) =>
          `${place ?? '……………'}, ngày ${day} tháng ${month} năm ${year}`,
        title: 'BÁO CÁO',
        /** The subject under the title, per window: "Sơ kết công tác thi đua 6 tháng đầu năm 2026". */
        subject: (window: Pick<SummaryWindow, 'kind' | 'year' | 'index'>, templateTitle: string) => {
          switch (window.kind) {
            case 'month':
              return `Kết quả thực hiện nhiệm vụ tháng ${window.index}/${window.year}`;
            case 'quarter':
              return `Kết quả thực hiện nhiệm vụ quý ${ROMAN[window.index! - 1]}/${window.year}`;
            case 'half':
              return window.index === 1
                ? `Sơ kết công tác thi đua 6 tháng đầu năm ${window.year}`
                : `Kết quả công tác thi đua 6 tháng cuối năm ${window.year}`;
            case 'nine_months':
              return `Kết quả công tác thi đua 9 tháng năm ${window.year}`;
            case 'year':
              return `Tổng kết công tác thi đua năm ${window.year}`;
            case 'once':
              return templateTitle;
          }
        },
        sections: [
          'TÌNH HÌNH CHUNG VÀ VIỆC THỰC HIỆN CHẾ ĐỘ BÁO CÁO',
          'KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ',
          'CÁC CHỈ TIÊU CÒN THẤP SO VỚI TIẾN ĐỘ',
          'KIẾN NGHỊ, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ',
          'CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CỦA CỤM TRƯỞNG',
          'PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI',
        ],
        general: (p: {
          units: number;
          periods: number;
          onTime: number;
          late: number;
          missing: number;
          excused: number;
        }) =>
          `Cụm có ${p.units} đơn vị; trong kỳ có ${p.periods} lần báo cáo định kỳ. ` +
          `Các đơn vị đã nộp ${p.onTime} báo cáo đúng hạn, ${p.late} báo cáo muộn; ` +
          `${p.missing} báo cáo chưa nộp` +
          (p.excused ? `; ${p.excused} báo cáo được miễn.` : '.'),
        missingUnits: (names: string) => `Đơn vị còn thiếu báo cáo: ${names}.`,
        allSubmitted: 'Tất cả các đơn vị đã nộp đủ báo cáo.',
        pace: (month: number, percentExpected: number) =>
          `Tiến độ kỳ vọng đến hết tháng ${month} là ${formatNumber(Math.round(percentExpected))}% chỉ tiêu năm.`,
        /** An indicator's line for the cluster: "Số hội viên mới kết nạp: toàn cụm 45 người; lũy kế năm 45/300 (15%), còn thấp." */
        clusterLine: (
          label: string,
          row: { value?: string; ytd?: string; target?: string; percent?: string; status: TargetStatus },
          /** When only some units have a target: the year to date is theirs; [units with a target, units]. */
          targeted?: [number, number],
        ) => {
          const parts = [`toàn cụm ${row.value ?? 'chưa có số liệu'}`];
          if (row.ytd !== undefined && row.target !== undefined)
            parts.push(
              `lũy kế năm ${row.ytd}/${row.target}${row.percent ? ` (${row.percent})` : ''}` +
                `${targeted ? ` ${withTargets(...targeted)}` : ''}, ${STATUS[row.status]}`,
            );
          else if (row.ytd !== undefined) parts.push(`lũy kế năm ${row.ytd}`);
          return `${label}: ${parts.join('; ')}.`;
        },
        tableHead: ['Đơn vị', 'Trong kỳ', 'Lũy kế năm', 'Chỉ tiêu năm', '% chỉ tiêu'],
        highlights: 'Kết quả nổi bật:',
        noIndicators: 'Mẫu báo cáo không có chỉ tiêu bằng số.',
        /** A still-low indicator: "Số hội viên mới kết nạp: Hội CCB tỉnh Thái Bình (8%)." */
        lowLine: (label: string, units: string[]) => `${label}: ${units.join(', ')}.`,
        noLow: 'Không có chỉ tiêu nào còn thấp so với tiến độ.',
        noProposals: 'Trong kỳ các đơn vị không có kiến nghị.',
        noGuidance: 'Trong kỳ Cụm trưởng không gửi thông báo, chỉ đạo nào qua bot.',
        dated: (date: string, text: string) => `Ngày ${date}: ${text}`,
        blank: '………………………………………………………………………………',
        recipientsTitle: 'Nơi nhận:',
        recipients: ['Ban Thường vụ Hội CCB tỉnh (để báo cáo);', 'Các đơn vị trong cụm;', 'Lưu: VT.'],
        signerTitle: 'CỤM TRƯỞNG',
        signHint: '(Ký, ghi rõ họ tên)',
      },
    },
  },
} as const;
