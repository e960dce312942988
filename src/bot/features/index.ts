/**
 * Every feature of the bot, mounted in this order after the shared middleware (create-bot.ts).
 * A new feature is one module in this folder and one line here.
 */
import type { Feature } from '../feature.js';
import { adjust } from './adjust.js';
import { board } from './board.js';
import { browse } from './browse.js';
import { common } from './common.js';
import { feedback } from './feedback.js';
import { form } from './report-form.js';
import { guidance } from './guidance.js';
import { help } from './help.js';
import { invites } from './invites.js';
import { onboarding } from './onboarding.js';
import { people } from './people.js';
import { report } from './report.js';
import { rotation } from './rotation.js';
import { share } from './share.js';
import { summary } from './summary.js';
import { targets } from './targets.js';
import { threads } from './threads.js';

/** Features strangers may use too (joining with an invite): mounted before the gate that turns strangers away. */
export const strangerFeatures: Feature[] = [onboarding];

export const features: Feature[] = [
  invites,
  people,
  report,
  form,
  share,
  guidance,
  feedback,
  threads,
  adjust,
  board,
  summary,
  targets,
  browse,
  rotation,
  help,
  common,
];
