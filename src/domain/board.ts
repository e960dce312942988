import { isLate } from './periods.js';

export interface BoardUnit {
  id: number;
  name: string;
  /** Someone of the unit is registered, so it can be reminded at all. */
  reachable: boolean;
}

export interface BoardReport {
  id: number;
  unitId: number;
  status: 'draft' | 'submitted';
  submittedAt: Date | null;
}

export type BoardState = 'missing' | 'drafting' | 'late' | 'on_time';

export interface BoardRow {
  unit: BoardUnit;
  state: BoardState;
  reportId?: number;
  submittedAt?: Date;
}

export interface Board {
  rows: BoardRow[];
  submitted: number;
  total: number;
  deadlinePassed: boolean;
}

/** Who still owes the report comes first: that is what the leader acts on. */
const ORDER: BoardState[] = ['missing', 'drafting', 'late', 'on_time'];

export function buildBoard(units: BoardUnit[], reports: BoardReport[], deadlineAt: Date, now: Date): Board {
  const byUnit = new Map(reports.map((r) => [r.unitId, r]));
  const rows = units.map((unit): BoardRow => {
    const report = byUnit.get(unit.id);
    if (report?.status === 'submitted' && report.submittedAt) {
      return { unit, state: isLate(report.submittedAt, deadlineAt) ? 'late' : 'on_time', reportId: report.id, submittedAt: report.submittedAt };
    }
    return { unit, state: report ? 'drafting' : 'missing' };
  });
  rows.sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
  const submitted = rows.filter((r) => r.state === 'late' || r.state === 'on_time').length;
  return { rows, submitted, total: units.length, deadlinePassed: now.getTime() > deadlineAt.getTime() };
}
