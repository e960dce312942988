/**
 * What every application service needs, passed in so a test (or a transaction) can supply
 * its own: the database, the outbox for messages to anyone but the caller, the clock
 * (UTC instants; dates are read in Asia/Ho_Chi_Minh by domain/dates) and the logger.
 *
 * Services take `(deps, actor, input)`, check the actor's rights themselves, write in one
 * transaction with the notices they queue, and return a result: no telegraf types, no
 * message text. The bot, the scheduler, the CLI and a future HTTP API all call them.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { Outbox } from '../delivery/sender.js';
import type { Logger } from '../log.js';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Every message to someone other than the person being answered goes through here. */
  outbox: Outbox;
}
