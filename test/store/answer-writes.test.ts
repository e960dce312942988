import { beforeEach, describe, expect, it } from 'vitest';
import { upsertPerson } from '../../src/store/people.js';
import { findReportById, submitReport, writeAnswer } from '../../src/store/reports.js';
import { databasePerTest } from '../support/database.js';
import { startHungYenDraft } from '../support/store.js';

const at = (time: string) => new Date(`2026-11-20T${time}:00+07:00`);

describe('writing one answer from two chats at once', () => {
  let ids: { lan: number; hoa: number; reportId: number };
  const database = databasePerTest();
  beforeEach(async () => {
    const { lan, reportId } = await startHungYenDraft(database.db, at('09:00'));
    const hoa = (await upsertPerson(database.db, { id: 203, first_name: 'Hoa' })).id;
    ids = { lan, hoa, reportId };
  });

  const write = (personId: number, value: number, seen: number, status: 'draft' | 'submitted' = 'draft') =>
    writeAnswer(database.db, {
      reportId: ids.reportId,
      key: 'von_ho_tro',
      value,
      personId,
      now: at('10:00'),
      status,
      seen,
    });

  it('lets exactly one of two simultaneous writers over the same version through; the other is told the winner', async () => {
    for (let round = 0; round < 5; round++) {
      const seen = (await findReportById(database.db, ids.reportId))!.versions.von_ho_tro?.v ?? 0;
      const results = await Promise.all([write(ids.lan, 1500 + round, seen), write(ids.hoa, 1.5 + round, seen)]);
      const saved = results.filter((r) => r.kind === 'saved');
      const conflicts = results.filter((r) => r.kind === 'conflict');
      expect(saved).toHaveLength(1);
      expect(conflicts).toHaveLength(1);
      const winner =
        results[0]!.kind === 'saved' ? { by: ids.lan, value: 1500 + round } : { by: ids.hoa, value: 1.5 + round };
      expect(conflicts[0]).toMatchObject({ kind: 'conflict', value: winner.value, version: seen + 1, by: winner.by });
      expect((await findReportById(database.db, ids.reportId))!.answers.von_ho_tro).toBe(winner.value);
    }
    const history = await database.db.selectFrom('report_answer_history').select('version').orderBy('id').execute();
    expect(history.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('records a change to a sent report as a revision, and refuses a write for the wrong status', async () => {
    expect(await write(ids.lan, 10, 0)).toEqual({ kind: 'saved', changed: true, version: 1 });
    expect(await write(ids.hoa, 10, 0)).toEqual({ kind: 'saved', changed: false, version: 1 });
    await submitReport(database.db, ids.reportId, ids.lan, at('10:05'));
    expect(await write(ids.hoa, 12, 1)).toEqual({ kind: 'refused' });
    expect(await write(ids.hoa, 12, 1, 'submitted')).toEqual({ kind: 'saved', changed: true, version: 2 });
    const revisions = await database.db
      .selectFrom('report_revisions')
      .select(['old_value', 'new_value', 'person_id'])
      .execute();
    expect(revisions).toEqual([{ old_value: 10, new_value: 12, person_id: ids.hoa }]);
  });
});
