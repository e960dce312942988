import type { Context } from 'telegraf';
import type { Actor } from '../services/actor.js';
import type { StoredConversation } from '../store/conversations.js';
import type { ServiceDeps } from '../services/deps.js';

export interface BotContext extends Context {
  deps: ServiceDeps;
  actor?: Actor;
  /** The person's open prompt, once read in this update (null: none); see feature.ts. */
  conversation?: StoredConversation | null;
}
