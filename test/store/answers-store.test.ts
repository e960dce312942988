import { beforeEach, describe, expect, it } from 'vitest';
import { upsertPerson } from '../../src/store/people.js';
import { findReportById, saveAnswer, submitReport } from '../../src/store/reports.js';
import { databasePerTest } from '../support/database.js';
import { startHungYenDraft } from '../support/store.js';

const at = (time: string) => new Date(`2026-11-20T${time}:00+07:00`);

/** Whatever path a value takes, NaN and Infinity never become a "skipped" (null) answer, and NUL never reaches Postgres. */
describe('storing answers', () => {
  let ids: { reportId: number; lan: number };
  const database = databasePerTest();
  beforeEach(async () => {
    const { lan, reportId } = await startHungYenDraft(database.db, at('09:00'));
    ids = { reportId, lan };
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 'a\u0000b', 'x\uD800'])(
    'refuses to save %j, leaving the question unanswered',
    async (value) => {
      const { db } = database;
      await expect(saveAnswer(db, ids.reportId, 'hoi_vien_moi', value, ids.lan, at('09:01'))).rejects.toThrow(
        /refusing to store/,
      );
      expect((await findReportById(db, ids.reportId))!.answers).toEqual({});
    },
  );

  it('refuses to revise a sent answer into NaN', async () => {
    const { db } = database;
    await saveAnswer(db, ids.reportId, 'hoi_vien_moi', 12, ids.lan, at('09:01'));
    await submitReport(db, ids.reportId, ids.lan, at('09:02'));
    await expect(
      saveAnswer(db, ids.reportId, 'hoi_vien_moi', Number.NaN, ids.lan, at('09:03'), { status: 'submitted' }),
    ).rejects.toThrow(/refusing to store/);
    expect((await findReportById(db, ids.reportId))!.answers).toEqual({ hoi_vien_moi: 12 });
  });

  it('stores a name cleaned of NUL and invisible characters', async () => {
    const person = await upsertPerson(database.db, { id: 301, first_name: 'Hà\u0000', last_name: '\u200BThu' });
    expect(person.full_name).toBe('Hà Thu');
  });
});
