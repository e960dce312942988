import { beforeEach, describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../src/config/cluster-config.js';
import { silentLogger } from '../../src/log.js';
import type { Actor } from '../../src/services/actor.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { PeriodClosed, Stale } from '../../src/services/errors.js';
import { historyOf, openDraft, ReportSent, saveAnswer } from '../../src/services/report-form.js';
import { findUnitByCode, syncClusterConfig } from '../../src/store/clusters.js';
import { upsertPerson } from '../../src/store/people.js';
import { openPeriods } from '../../src/store/periods.js';
import { findOrStartDraft, submitReport } from '../../src/store/reports.js';
import { databasePerTest } from '../support/database.js';
import { FIXTURE_CONFIG, TestClock } from '../support/harness.js';

/** The answer workflow called directly: no bot, no emulator. */
describe('filling a report (service)', () => {
  let deps: ServiceDeps;
  let clock: TestClock;
  let lan: Actor;
  let hoa: Actor;
  let reportId: number;
  const database = databasePerTest();
  beforeEach(async () => {
    const { db } = database;
    clock = new TestClock(new Date('2026-11-20T10:00:00+07:00'));
    deps = { db, clock, log: silentLogger, outbox: undefined as unknown as ServiceDeps['outbox'] };
    const { clusterId } = await syncClusterConfig(db, await loadClusterConfig(FIXTURE_CONFIG), 'test');
    const hyn = (await findUnitByCode(db, clusterId, 'HYN'))!;
    const unit = { clusterId, clusterName: 'Cụm', unitId: hyn.id, unitName: hyn.name };
    const actorOf = async (id: number, name: string): Promise<Actor> => ({
      person: await upsertPerson(db, { id, first_name: name }),
      memberships: [],
      reportingUnit: unit,
    });
    lan = await actorOf(201, 'Lan');
    hoa = await actorOf(203, 'Hoa');
    const { period } = (await openPeriods(db, clusterId, clock.now()))[0]!;
    reportId = (
      await findOrStartDraft(db, {
        clusterId,
        periodId: period.id,
        unitId: hyn.id,
        templateId: period.template_id,
        personId: lan.person.id,
        now: clock.now(),
      })
    ).id;
  });

  it('saves an answer and returns the draft as it is now, without reading it again', async () => {
    const draft = await openDraft(deps, lan, { reportId });
    expect(draft).toMatchObject({
      amending: false,
      periodKey: expect.any(String),
      name: expect.stringContaining('Báo cáo'),
    });
    const saved = await saveAnswer(deps, lan, { draft, key: 'hoi_vien_moi', value: 12, seen: 0 });
    expect(saved).toMatchObject({ kind: 'saved', changed: true });
    if (saved.kind !== 'saved') throw new Error('not saved');
    expect(saved.draft.report.answers).toEqual({ hoi_vien_moi: 12 });
    expect(saved.draft.report.versions.hoi_vien_moi).toMatchObject({ v: 1, by: lan.person.id });
    // The same value again changes nothing.
    expect(await saveAnswer(deps, lan, { draft: saved.draft, key: 'hoi_vien_moi', value: 12, seen: 1 })).toMatchObject({
      kind: 'saved',
      changed: false,
    });
    expect(await database.db.selectFrom('report_answer_history').select(['field_key', 'version']).execute()).toEqual([
      { field_key: 'hoi_vien_moi', version: 1 },
    ]);
  });

  it("refuses to write over a colleague's newer answer and says whose it is", async () => {
    const seenByHoa = await openDraft(deps, hoa, { reportId });
    const lanDraft = await openDraft(deps, lan, { reportId });
    await saveAnswer(deps, lan, { draft: lanDraft, key: 'hoi_vien_moi', value: 12, seen: 0 });
    expect(await saveAnswer(deps, hoa, { draft: seenByHoa, key: 'hoi_vien_moi', value: 15, seen: 0 })).toEqual({
      kind: 'conflict',
      value: 12,
      version: 1,
      by: lan.person.id,
    });
  });

  it("throws typed refusals: another unit's report, a sent report, a closed period", async () => {
    const other: Actor = { ...lan, reportingUnit: { ...lan.reportingUnit!, unitId: lan.reportingUnit!.unitId + 1000 } };
    await expect(openDraft(deps, other, { reportId })).rejects.toBeInstanceOf(Stale);
    const draft = await openDraft(deps, lan, { reportId });
    await submitReport(database.db, reportId, lan.person.id, clock.now());
    // Sent meanwhile: the write is refused and the reason given (a correction must be opened first).
    await expect(saveAnswer(deps, lan, { draft, key: 'hoi_vien_moi', value: 3, seen: 0 })).rejects.toBeInstanceOf(
      ReportSent,
    );
    clock.set('2027-03-01T10:00:00+07:00');
    await expect(openDraft(deps, lan, { reportId })).rejects.toBeInstanceOf(PeriodClosed);
  });

  it("reads last period's answers and the targets once per draft", async () => {
    const draft = await openDraft(deps, lan, { reportId });
    const first = historyOf(deps, draft);
    expect(historyOf(deps, draft)).toBe(first);
    expect((await first).previous).toBeUndefined();
  });
});
