import type { Db } from '../db/connect.js';

export interface AuditEntry {
  clusterId?: number | null;
  actorPersonId?: number | null;
  /** Who acted, readable: "cli", "system", "person:12". */
  actor: string;
  action: string;
  details?: Record<string, unknown>;
}

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      cluster_id: entry.clusterId ?? null,
      actor_person_id: entry.actorPersonId ?? null,
      actor: entry.actor,
      action: entry.action,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** Records what a person did: the entry's actor is the person ("person:<id>"). */
export async function auditByPerson(
  db: Db,
  personId: number,
  entry: Omit<AuditEntry, 'actor' | 'actorPersonId'>,
): Promise<void> {
  await audit(db, { ...entry, actorPersonId: personId, actor: `person:${personId}` });
}
