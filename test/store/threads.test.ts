import { beforeEach, describe, expect, it } from 'vitest';
import { findUnitByCode } from '../../src/store/clusters.js';
import { createFeedback, findFeedback } from '../../src/store/feedback.js';
import { upsertPerson } from '../../src/store/people.js';
import { saveAnswer, submitReport } from '../../src/store/reports.js';
import {
  createThreadMessage,
  listCurrentPeriods,
  findThreadMessage,
  listThreadEntries,
  listThreadPeriods,
  countThreadEntries,
} from '../../src/store/threads.js';
import { databasePerTest } from '../support/database.js';
import { startHungYenDraft } from '../support/store.js';

const at = (time: string) => new Date(`2026-11-20T${time}:00+07:00`);

describe('threads store', () => {
  let ids: {
    clusterId: number;
    hyn: number;
    tbh: number;
    leader: number;
    lan: number;
    periodId: number;
    reportId: number;
  };
  const database = databasePerTest();
  beforeEach(async () => {
    const { db } = database;
    const { clusterId, hyn, lan, periodId, reportId } = await startHungYenDraft(db, at('09:00'));
    const tbh = (await findUnitByCode(db, clusterId, 'TBH'))!.id;
    const leader = (await upsertPerson(db, { id: 100, first_name: 'Luyện' })).id;
    await saveAnswer(db, reportId, 'hoi_vien_moi', 12, lan, at('09:00'));
    await submitReport(db, reportId, lan, at('09:05'));
    ids = { clusterId, hyn, tbh, leader, lan, periodId, reportId };
  });

  it("keeps a comment's field and the answer it quoted, and finds the feedback's thread", async () => {
    const { db } = database;
    const feedbackId = (await createFeedback(db, {
      clusterId: ids.clusterId,
      reportId: ids.reportId,
      kind: 'comment',
      body: 'Xin nêu lý do',
      authorId: ids.leader,
      now: at('10:00'),
      field: { key: 'hoi_vien_moi', value: 12 },
    }))!;
    expect(await findFeedback(db, feedbackId)).toMatchObject({
      kind: 'comment',
      fieldKey: 'hoi_vien_moi',
      fieldValue: 12,
      periodId: ids.periodId,
      unitId: ids.hyn,
      clusterId: ids.clusterId,
    });
    const whole = (await createFeedback(db, {
      clusterId: ids.clusterId,
      reportId: ids.reportId,
      kind: 'comment',
      body: 'Tốt',
      authorId: ids.leader,
      now: at('10:01'),
    }))!;
    expect(await findFeedback(db, whole)).toMatchObject({ fieldKey: null, fieldValue: null });
    expect(await findFeedback(db, 9999)).toBeUndefined();
  });

  it('a thread is its messages and the feedback on the report, in order; other units and periods stay apart', async () => {
    const { db } = database;
    const base = { clusterId: ids.clusterId, periodId: ids.periodId };
    const feedbackId = (await createFeedback(db, {
      clusterId: ids.clusterId,
      reportId: ids.reportId,
      kind: 'return',
      body: 'Thiếu số liệu',
      authorId: ids.leader,
      now: at('10:00'),
    }))!;
    // Same instant as the feedback: the feedback still comes first.
    const reply = await createThreadMessage(db, {
      ...base,
      unitId: ids.hyn,
      side: 'unit',
      authorId: ids.lan,
      body: 'Sẽ bổ sung',
      feedbackId,
      now: at('10:00'),
    });
    const answer = await createThreadMessage(db, {
      ...base,
      unitId: ids.hyn,
      side: 'leader',
      authorId: ids.leader,
      body: 'Cảm ơn',
      replyTo: reply,
      now: at('10:30'),
    });
    await createThreadMessage(db, {
      ...base,
      unitId: ids.tbh,
      side: 'leader',
      authorId: ids.leader,
      body: 'Cho Thái Bình',
      now: at('10:10'),
    });

    expect(await listThreadEntries(db, ids.periodId, ids.hyn)).toEqual([
      {
        kind: 'return',
        at: at('10:00'),
        side: 'leader',
        author: 'Luyện',
        body: 'Thiếu số liệu',
        fieldKey: null,
        fieldValue: null,
      },
      { kind: 'message', at: at('10:00'), side: 'unit', author: 'Lan', body: 'Sẽ bổ sung' },
      { kind: 'message', at: at('10:30'), side: 'leader', author: 'Luyện', body: 'Cảm ơn' },
    ]);
    expect(await findThreadMessage(db, answer)).toMatchObject({
      side: 'leader',
      unitId: ids.hyn,
      periodId: ids.periodId,
      replyTo: reply,
      feedbackId: null,
    });
    expect(await countThreadEntries(db, ids.periodId)).toEqual(
      new Map([
        [ids.hyn, 3],
        [ids.tbh, 1],
      ]),
    );
    const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', 'thread.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['thread.leader', 'thread.leader', 'thread.unit']);
  });

  it('the current period is the one containing now; earlier periods with a conversation are offered too', async () => {
    const { db } = database;
    expect((await listCurrentPeriods(db, ids.clusterId, at('12:00'))).map((p) => p.id)).toEqual([ids.periodId]);
    const december = new Date('2026-12-05T09:00:00+07:00');
    const [next] = await listCurrentPeriods(db, ids.clusterId, december);
    expect(next!.key).toBe('2026-12');
    // November had no conversation yet; once it has one (of this unit), it is offered after December.
    expect((await listThreadPeriods(db, ids.clusterId, december, { unitId: ids.hyn })).map((p) => p.key)).toEqual([
      '2026-12',
    ]);
    await createThreadMessage(db, {
      clusterId: ids.clusterId,
      periodId: ids.periodId,
      unitId: ids.hyn,
      side: 'unit',
      authorId: ids.lan,
      body: 'Hỏi',
      now: at('11:00'),
    });
    expect((await listThreadPeriods(db, ids.clusterId, december, { unitId: ids.hyn })).map((p) => p.key)).toEqual([
      '2026-12',
      '2026-11',
    ]);
    expect((await listThreadPeriods(db, ids.clusterId, december, { unitId: ids.tbh })).map((p) => p.key)).toEqual([
      '2026-12',
    ]);
    expect((await listThreadPeriods(db, ids.clusterId, december)).map((p) => p.key)).toEqual(['2026-12', '2026-11']);
  });
});
