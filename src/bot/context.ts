import type { Context } from 'telegraf';
import type { Actor } from '../services/actor.js';
import type { ServiceDeps } from '../services/deps.js';

export interface BotContext extends Context {
  deps: ServiceDeps;
  actor?: Actor;
}
