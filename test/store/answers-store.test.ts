import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { findUnitByCode, syncClusterConfig } from '../../src/store/clusters.js';
import { upsertPerson } from '../../src/store/people.js';
import { openPeriods } from '../../src/store/periods.js';
import { findOrStartDraft, findReportById, reviseAnswer, saveAnswer, submitReport } from '../../src/store/reports.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { FIXTURE_CONFIG } from '../support/harness.js';

const at = (time: string) => new Date(`2026-11-20T${time}:00+07:00`);

/** Whatever path a value takes, NaN and Infinity never become a "skipped" (null) answer, and NUL never reaches Postgres. */
describe('storing answers', () => {
  let database: TestDatabase;
  let ids: { reportId: number; lan: number };
  beforeEach(async () => {
    database = await createTestDatabase();
    const { db } = database;
    const { clusterId } = await syncClusterConfig(db, await loadClusterConfig(FIXTURE_CONFIG), 'test');
    const hyn = (await findUnitByCode(db, clusterId, 'HYN'))!.id;
    const lan = (await upsertPerson(db, { id: 201, first_name: 'Lan' })).id;
    const { period } = (await openPeriods(db, clusterId, at('09:00')))[0]!;
    const report = await findOrStartDraft(db, {
      clusterId,
      periodId: period.id,
      unitId: hyn,
      templateId: period.template_id,
      personId: lan,
      now: at('09:00'),
    });
    ids = { reportId: report.id, lan };
  });
  afterEach(async () => {
    await database.close();
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
    await expect(reviseAnswer(db, ids.reportId, 'hoi_vien_moi', Number.NaN, ids.lan, at('09:03'))).rejects.toThrow(
      /refusing to store/,
    );
    expect((await findReportById(db, ids.reportId))!.answers).toEqual({ hoi_vien_moi: 12 });
  });

  it('stores a name cleaned of NUL and invisible characters', async () => {
    const person = await upsertPerson(database.db, { id: 301, first_name: 'Hà\u0000', last_name: '\u200BThu' });
    expect(person.full_name).toBe('Hà Thu');
  });
});
