/** The consolidated summary (📈 Tổng hợp) and a unit's progress: names of windows, judgements, aggregates. */
import type { CellState } from '../../domain/summary/build.js';
import type { TargetStatus } from '../../domain/summary/rule.js';
import type { SummaryWindow } from '../../domain/summary/windows.js';
import type { Aggregate } from '../../domain/template.js';
import { ROMAN } from './format.js';

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

export const summaryTexts = {
  summary: {
    windowName,
    /** The still-low judgement of an indicator: "vượt", "đạt", "đúng tiến độ", "còn thấp"… */
    status: (status: TargetStatus) => STATUS[status],
    /** How an indicator adds up over time, for a column note: "cộng dồn", "số cuối kỳ"… */
    aggregate: (aggregate: Aggregate) => AGGREGATE[aggregate],
    /** A unit's standing for one period: "đúng hạn", "nộp muộn", "chưa nộp"… */
    cell: (state: CellState) => CELL[state],
  },
} as const;
