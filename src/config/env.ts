import { z } from 'zod';
import { ConfigError } from './errors.js';

const optionalString = z.string().trim().optional();

export const envSchema = z.object({
  BOT_TOKEN: z
    .string({ error: 'is required: the token @BotFather gave you' })
    .trim()
    .regex(
      /^\d+:[\w-]+$/,
      'does not look like a bot token (digits, a colon, then letters, digits, - or _, as @BotFather gives it)',
    ),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  CLUSTER_CONFIG: z.string().trim().min(1).default('./config/cluster.yaml'),
  BOT_USERNAME: optionalString,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** A send with no answer from Telegram after this long is recorded as uncertain, not repeated. */
  DELIVERY_TIMEOUT_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(1).max(300).default(30),
});

export type Env = z.infer<typeof envSchema>;

/** Environment for commands that never talk to Telegram (migrate, sync). */
export const offlineEnvSchema = envSchema.extend({ BOT_TOKEN: envSchema.shape.BOT_TOKEN.optional() });
export type OfflineEnv = z.infer<typeof offlineEnvSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(envSchema, source);
}

export function loadOfflineEnv(source: NodeJS.ProcessEnv = process.env): OfflineEnv {
  return parseEnv(offlineEnvSchema, source);
}

function parseEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv): z.infer<S> {
  // An empty variable (`DATA_DIR=` in a .env file) means "not set", so defaults apply.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = schema.safeParse(present);
  if (!result.success) throw ConfigError.fromZod('Environment', result.error);
  return result.data;
}
