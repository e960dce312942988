import type { Db } from '../db/connect.js';
import { templateDefinitionSchema, templateFields } from '../domain/template.js';
import { reportName, vi } from '../i18n/vi.js';
import { findExperienceShare } from '../store/shares.js';

/**
 * What the units receive for a shared experience, rebuilt from what was recorded, so
 * "Gửi lại" sends the same credited message; undefined when the guidance is not a share.
 */
export async function experienceMessage(db: Db, guidanceId: number, leaderUnit: string): Promise<string | undefined> {
  const share = await findExperienceShare(db, guidanceId);
  if (!share) return undefined;
  const template = templateDefinitionSchema.parse(share.definition);
  const label =
    templateFields(template).find(({ field }) => field.key === share.fieldKey)?.field.label ?? share.fieldKey;
  return vi.share.message({
    leaderUnit,
    unit: share.unitName,
    name: reportName(template.title, share.periodKey),
    label,
    text: share.body,
    note: share.note,
  });
}
