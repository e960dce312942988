/**
 * Every feature of the bot, mounted in this order after the shared middleware (create-bot.ts).
 * A new feature is one module in this folder and one line here.
 */
import type { Feature } from '../feature.js';
import { common } from './common.js';
import { feedback } from './feedback.js';
import { guidance } from './guidance.js';
import { invites } from './invites.js';
import { people } from './people.js';
import { report } from './report.js';
import { share } from './share.js';
import { threads } from './threads.js';

export const features: Feature[] = [invites, people, report, share, guidance, feedback, threads, common];
