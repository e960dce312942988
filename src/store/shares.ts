import { type Db, inTransaction } from '../db/connect.js';
import { auditByPerson } from './audit.js';
import { createGuidance, type NewGuidance } from './guidance.js';

/**
 * "Trao đổi kinh nghiệm": one unit's answer shared with the other units. It is a guidance
 * message (so deliveries, "Đã nhận" and the acknowledgement grid work as for guidance)
 * plus this record of its source: which report, which answer, whom it credits.
 */
export async function createExperienceShare(
  db: Db,
  input: NewGuidance & { reportId: number; sourceUnitId: number; fieldKey: string; note: string | null },
) {
  return inTransaction(db, async (trx) => {
    const created = await createGuidance(trx, input);
    await trx
      .insertInto('experience_shares')
      .values({
        guidance_id: created.guidanceId,
        report_id: input.reportId,
        unit_id: input.sourceUnitId,
        field_key: input.fieldKey,
        note: input.note,
      })
      .execute();
    await auditByPerson(trx, input.authorId, {
      clusterId: input.clusterId,
      action: 'experience.share',
      details: {
        guidanceId: created.guidanceId,
        reportId: input.reportId,
        unitId: input.sourceUnitId,
        fieldKey: input.fieldKey,
        recipients: input.recipients.length,
      },
    });
    return created;
  });
}

/** A shared experience as its message needs it: the answer (`body`), the note, and whom and which report it credits. */
export interface ExperienceShare {
  body: string;
  note: string | null;
  fieldKey: string;
  unitName: string;
  periodKey: string;
  /** The report's template version (parsed by the caller with templateDefinitionSchema). */
  definition: unknown;
}

/** The source of a shared experience, with what its message needs; undefined for plain guidance. */
export async function findExperienceShare(db: Db, guidanceId: number): Promise<ExperienceShare | undefined> {
  return db
    .selectFrom('experience_shares as s')
    .innerJoin('guidance_messages as g', 'g.id', 's.guidance_id')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .innerJoin('reports as r', 'r.id', 's.report_id')
    .innerJoin('periods as p', 'p.id', 'r.period_id')
    .innerJoin('report_templates as t', 't.id', 'r.template_id')
    .select(['g.body', 's.note', 's.field_key as fieldKey', 'u.name as unitName', 'p.key as periodKey', 't.definition'])
    .where('s.guidance_id', '=', guidanceId)
    .executeTakeFirst();
}
