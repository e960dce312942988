import { describe, expect, it } from 'vitest';
import { buildBoard, type BoardReport, type BoardUnit } from '../../src/domain/board.js';

const vn = (isoWithoutOffset: string) => new Date(`${isoWithoutOffset}+07:00`);
const deadline = vn('2026-11-25T17:00:00');
const before = vn('2026-11-20T09:00:00');

const units: BoardUnit[] = [
  { id: 1, name: 'Hải Phòng', reachable: true },
  { id: 2, name: 'Quảng Ninh', reachable: true },
  { id: 3, name: 'Hải Dương', reachable: true },
  { id: 4, name: 'Hưng Yên', reachable: true },
  { id: 5, name: 'Bắc Ninh', reachable: true },
  { id: 6, name: 'Thái Bình', reachable: true },
  { id: 7, name: 'Nam Định', reachable: true },
];

const submitted = (unitId: number, at: Date): BoardReport => ({
  id: 100 + unitId,
  unitId,
  status: 'submitted',
  submittedAt: at,
});
const draft = (unitId: number): BoardReport => ({ id: 100 + unitId, unitId, status: 'draft', submittedAt: null });

describe('buildBoard', () => {
  const reports = [
    submitted(1, vn('2026-11-24T10:00:00')), // on time
    draft(2),
    submitted(3, vn('2026-11-26T08:00:00')), // late
    // 4: nothing
    submitted(5, vn('2026-11-20T10:00:00')), // on time
    draft(6),
    // 7: nothing
  ];
  const board = buildBoard(units, reports, deadline, before);

  it('lists who still owes the report first: missing, drafting, late, on time', () => {
    expect(board.rows.map((r) => [r.unit.id, r.state])).toEqual([
      [4, 'missing'],
      [7, 'missing'],
      [2, 'drafting'],
      [6, 'drafting'],
      [3, 'late'],
      [1, 'on_time'],
      [5, 'on_time'],
    ]);
  });

  it('keeps the unit order within a group', () => {
    const reversed = [...units].reverse();
    const rows = buildBoard(reversed, reports, deadline, before).rows;
    expect(rows.filter((r) => r.state === 'missing').map((r) => r.unit.id)).toEqual([7, 4]);
    expect(rows.filter((r) => r.state === 'on_time').map((r) => r.unit.id)).toEqual([5, 1]);
  });

  it('counts submitted reports, late ones included, out of all units', () => {
    expect(board.submitted).toBe(3);
    expect(board.total).toBe(7);
  });

  it('shows when each report was submitted, and nothing for unsent ones', () => {
    const row = (id: number) => board.rows.find((r) => r.unit.id === id)!;
    expect(row(3).submittedAt).toEqual(vn('2026-11-26T08:00:00'));
    expect(row(2).submittedAt).toBeUndefined();
    expect(row(4).submittedAt).toBeUndefined();
  });

  it('counts a report submitted exactly at the deadline as on time', () => {
    const rows = buildBoard(
      units.slice(0, 2),
      [submitted(1, deadline), submitted(2, new Date(deadline.getTime() + 1))],
      deadline,
      before,
    ).rows;
    expect(rows.map((r) => [r.unit.id, r.state])).toEqual([
      [2, 'late'],
      [1, 'on_time'],
    ]);
  });

  it('ignores reports from units that are not on the board', () => {
    const b = buildBoard(units.slice(0, 2), [submitted(1, before), submitted(99, before)], deadline, before);
    expect(b.rows).toHaveLength(2);
    expect(b.submitted).toBe(1);
    expect(b.total).toBe(2);
  });

  it('treats a "submitted" report without a time as still being drafted', () => {
    const b = buildBoard(
      units.slice(0, 1),
      [{ id: 1, unitId: 1, status: 'submitted', submittedAt: null }],
      deadline,
      before,
    );
    expect(b.rows[0]?.state).toBe('drafting');
    expect(b.submitted).toBe(0);
  });

  it('gives an empty board for a cluster with no reports', () => {
    const b = buildBoard(units, [], deadline, before);
    expect(b.rows.every((r) => r.state === 'missing')).toBe(true);
    expect(b.rows.map((r) => r.unit.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(b.submitted).toBe(0);
  });

  describe('deadlinePassed', () => {
    it('is false before and at the deadline', () => {
      expect(buildBoard(units, [], deadline, before).deadlinePassed).toBe(false);
      expect(buildBoard(units, [], deadline, deadline).deadlinePassed).toBe(false);
    });

    it('is true once the deadline has passed', () => {
      expect(buildBoard(units, [], deadline, new Date(deadline.getTime() + 1)).deadlinePassed).toBe(true);
      expect(buildBoard(units, [], deadline, vn('2026-11-26T08:00:00')).deadlinePassed).toBe(true);
    });
  });
});
