import type { Context } from 'telegraf';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { Person } from '../db/schema.js';
import type { Outbox } from '../delivery/sender.js';
import type { Logger } from '../log.js';
import type { Membership } from '../store/people.js';

export interface AppDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Every message to someone other than the person being answered goes through here. */
  outbox: Outbox;
}

export interface UnitRef {
  clusterId: number;
  clusterName: string;
  unitId: number;
  unitName: string;
}

/** Who is writing, as the database says: the only source of authority. */
export interface Actor {
  person: Person;
  memberships: Membership[];
  /** The unit this person reports for, if any. */
  reportingUnit?: UnitRef;
  /** The cluster this person leads, while their unit holds the leader term. */
  leaderOf?: UnitRef;
}

export interface BotContext extends Context {
  deps: AppDeps;
  actor?: Actor;
}
