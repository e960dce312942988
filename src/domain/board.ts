import { isLate } from './periods.js';

export interface BoardUnit {
  id: number;
  name: string;
  /** Someone of the unit is registered, so it can be reminded at all. */
  reachable: boolean;
  /** The unit's own deadline when the leader extended it. */
  extendedTo?: Date;
  /** The leader excused the unit from this period's report. */
  excused?: boolean;
  /** Taken out of the config since: listed only for the report it filed, never as owing one. */
  removed?: boolean;
}

export interface BoardReport {
  id: number;
  unitId: number;
  status: 'draft' | 'submitted';
  submittedAt: Date | null;
}

export type BoardState = 'missing' | 'drafting' | 'late' | 'on_time' | 'excused';

export interface BoardRow {
  unit: BoardUnit;
  state: BoardState;
  reportId?: number;
  submittedAt?: Date;
  /** Past the unit's own deadline without a report. */
  overdue: boolean;
}

export interface Board {
  rows: BoardRow[];
  submitted: number;
  total: number;
  deadlinePassed: boolean;
}

/** Who still owes the report comes first: that is what the leader acts on. */
const ORDER: BoardState[] = ['missing', 'drafting', 'late', 'on_time', 'excused'];

export function buildBoard(units: BoardUnit[], reports: BoardReport[], deadlineAt: Date, now: Date): Board {
  const byUnit = new Map(reports.map((r) => [r.unitId, r]));
  const rows = units.map((unit): BoardRow => {
    const report = byUnit.get(unit.id);
    const due = unit.extendedTo ?? deadlineAt;
    if (report?.status === 'submitted' && report.submittedAt) {
      return {
        unit,
        state: isLate(report.submittedAt, due) ? 'late' : 'on_time',
        reportId: report.id,
        submittedAt: report.submittedAt,
        overdue: false,
      };
    }
    if (unit.excused) return { unit, state: 'excused', overdue: false };
    return { unit, state: report ? 'drafting' : 'missing', overdue: now.getTime() > due.getTime() };
  });
  rows.sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
  const submitted = rows.filter((r) => r.state === 'late' || r.state === 'on_time').length;
  const total = rows.filter((r) => r.state !== 'excused').length;
  return { rows, submitted, total, deadlinePassed: now.getTime() > deadlineAt.getTime() };
}
