import { randomBytes } from 'node:crypto';
import { type Db, inTransaction } from '../db/connect.js';
import type { Person, Role } from '../db/schema.js';
import { audit, auditByPerson } from './audit.js';
import { addMembership, findPersonById, upsertPerson, type TelegramIdentity } from './people.js';

/** Deep-link payloads allow A-Za-z0-9_- up to 64 chars; 16 base64url chars carry 96 random bits. */
export function newInviteCode(): string {
  return randomBytes(12).toString('base64url');
}

export const INVITE_CODE_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/**
 * A new one-time link for a unit and role. With `replaceUnused`, the links of the same unit
 * and role nobody has used yet (and still valid) are revoked in the same transaction: a
 * fresh set replaces the old one. Returns how many were revoked (`replaced`) and, without
 * `replaceUnused`, how many others stay valid beside the new one (`stillValid`).
 */
export async function createInvite(
  db: Db,
  input: {
    clusterId: number;
    unitId: number;
    role: Role;
    createdBy: string;
    now: Date;
    validDays: number;
    replaceUnused?: boolean;
  },
): Promise<{ code: string; expiresAt: Date; replaced: number; stillValid: number }> {
  return inTransaction(db, async (trx) => {
    const unused = () =>
      trx
        .updateTable('invites')
        .set({ revoked_at: input.now })
        .where('cluster_id', '=', input.clusterId)
        .where('unit_id', '=', input.unitId)
        .where('role', '=', input.role)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', input.now);
    const replaced = input.replaceUnused ? (await unused().returning('id').execute()).length : 0;
    const stillValid = input.replaceUnused ? 0 : await countUnusedInvites(trx, input);
    const code = newInviteCode();
    const expiresAt = new Date(input.now.getTime() + input.validDays * 86_400_000);
    await trx
      .insertInto('invites')
      .values({
        code,
        cluster_id: input.clusterId,
        unit_id: input.unitId,
        role: input.role,
        created_by: input.createdBy,
        created_at: input.now,
        expires_at: expiresAt,
      })
      .execute();
    await audit(trx, {
      clusterId: input.clusterId,
      actor: input.createdBy,
      action: 'invite.create',
      details: { unitId: input.unitId, role: input.role, expiresAt, replaced },
    });
    return { code, expiresAt, replaced, stillValid };
  });
}

/** Links of a unit and role not used, revoked or expired yet. */
export async function countUnusedInvites(
  db: Db,
  input: { clusterId: number; unitId: number; role: Role; now: Date },
): Promise<number> {
  const rows = await db
    .selectFrom('invites')
    .select('id')
    .where('cluster_id', '=', input.clusterId)
    .where('unit_id', '=', input.unitId)
    .where('role', '=', input.role)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', input.now)
    .execute();
  return rows.length;
}

export type RedeemResult =
  | { ok: true; person: Person; role: Role; unitName: string; clusterName: string; again: boolean }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'revoked' }
  | { ok: false; reason: 'other_unit'; unitName: string };

/** Binds the Telegram user to the invite's unit and role. Single use: the row is locked while redeeming. */
export async function redeemInvite(db: Db, code: string, user: TelegramIdentity, now: Date): Promise<RedeemResult> {
  return inTransaction(db, async (trx) => {
    const invite = await trx
      .selectFrom('invites as i')
      .innerJoin('units as u', 'u.id', 'i.unit_id')
      .innerJoin('units as c', 'c.id', 'i.cluster_id')
      .select([
        'i.id',
        'i.cluster_id',
        'i.unit_id',
        'i.role',
        'i.expires_at',
        'i.used_by',
        'i.revoked_at',
        'u.name as unit_name',
        'u.active',
        'c.name as cluster_name',
      ])
      .where('i.code', '=', code)
      .forUpdate('i')
      .executeTakeFirst();
    if (!invite || !invite.active) return { ok: false, reason: 'unknown' };

    if (invite.used_by !== null) {
      const usedBy = (await findPersonById(trx, invite.used_by))!;
      // The same person tapping their link again is welcomed, not refused.
      if (usedBy.telegram_user_id !== user.id) return { ok: false, reason: 'used' };
      return {
        ok: true,
        person: usedBy,
        role: invite.role,
        unitName: invite.unit_name,
        clusterName: invite.cluster_name,
        again: true,
      };
    }
    if (invite.revoked_at !== null) return { ok: false, reason: 'revoked' };
    if (invite.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };

    // One person reports for one unit: a link for another unit is left unused for its owner.
    const other = await trx
      .selectFrom('memberships as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select('u.name')
      .where('p.telegram_user_id', '=', user.id)
      .where('m.revoked_at', 'is', null)
      .where('m.unit_id', '!=', invite.unit_id)
      .executeTakeFirst();
    if (other) return { ok: false, reason: 'other_unit', unitName: other.name };

    const person = await upsertPerson(trx, user);
    await addMembership(trx, {
      personId: person.id,
      clusterId: invite.cluster_id,
      unitId: invite.unit_id,
      role: invite.role,
    });
    await trx.updateTable('invites').set({ used_at: now, used_by: person.id }).where('id', '=', invite.id).execute();
    await auditByPerson(trx, person.id, {
      clusterId: invite.cluster_id,
      action: 'invite.redeem',
      details: { inviteId: invite.id, unitId: invite.unit_id, role: invite.role },
    });
    return {
      ok: true,
      person,
      role: invite.role,
      unitName: invite.unit_name,
      clusterName: invite.cluster_name,
      again: false,
    };
  });
}
