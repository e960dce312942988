/**
 * Button data, declared and read back: "prefix:arg:arg", at most 64 bytes, each argument read
 * by zod. Pure (no telegraf), so workflows (services/), the reminder dispatcher and the bot
 * build the same data; the bot's feature kit (bot/feature.ts) handles taps on them.
 */
import { z } from 'zod';
import { fitsCallbackData } from './telegram-limits.js';

/** Database ids are Postgres int4: a button id outside 1..2^31-1 names no row and must not reach a query. */
const INT4_MAX = 2_147_483_647;

/** Segment readers shared by every feature's buttons. */
export const seg = {
  /** A row id (1..2^31-1). */
  id: z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(INT4_MAX)),
  /** Like `id`, but 0 is allowed (meaning "all"). */
  idOrAll: z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().int().min(0).max(INT4_MAX)),
  /** A template field key. */
  fieldKey: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  /** A small index (0..99), e.g. an option of a question. */
  index: z
    .string()
    .regex(/^\d{1,2}$/)
    .transform(Number),
  /** A page number of a list (0..9999). */
  page: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number),
  /** A one-letter code (which prompt a "✖️ Hủy" is for). */
  letter: z.string().regex(/^[a-z]$/),
  /** A code from the cluster config (a schedule, a unit): 1-32 latin letters, digits, - or _ (config/cluster-config.ts). */
  code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  /** A year (targets of a year): four digits. */
  year: z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number),
  /** A summary window's key within its schedule: "2026", "2026-03", "2026-Q1", "2026-H1", "2026-9M", "once" (domain/summary/windows.ts). */
  windowKey: z.string().regex(/^(\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?|once)$/),
} as const;

export type Segments = readonly z.ZodType<unknown, string>[];
export type Parsed<S extends Segments> = { -readonly [K in keyof S]: z.output<S[K]> };
export type Raw<S extends Segments> = { -readonly [K in keyof S]: string | number };

/** A kind of button: its fixed prefix ("gd:ack") and how its arguments are read. */
export interface Button<S extends Segments = Segments> {
  readonly prefix: string;
  /** How each argument after the prefix is read (`seg` readers or enums). */
  readonly segments: S;
  /** The callback data for these raw segments. Throws when it would exceed Telegram's 64 bytes (a programming error). */
  data(...segments: Raw<S>): string;
  /** The arguments of a tap on this kind of button, or undefined when the data is not one. */
  parse(data: string): Parsed<S> | undefined;
}

/**
 * Declares a kind of button. `prefix` may hold colons ("gd:ack"); segments follow it.
 * Button data says what was tapped, never who may do it: every handler re-checks the role.
 * Source of the 64-byte limit: Bot API, InlineKeyboardButton.callback_data.
 */
export function button<const S extends Segments>(prefix: string, ...segments: S): Button<S> {
  const schema = z.tuple(segments as unknown as [z.ZodType<unknown, string>]);
  const head = prefix.split(':');
  return {
    prefix,
    segments,
    data(...raw) {
      const data = [prefix, ...raw].join(':');
      if (!fitsCallbackData(data)) throw new Error(`button data over Telegram's 64 bytes: ${data}`);
      return data;
    },
    parse(data) {
      const parts = data.split(':');
      if (parts.length !== head.length + segments.length || head.some((h, i) => parts[i] !== h)) return undefined;
      const result = schema.safeParse(parts.slice(head.length));
      return result.success ? (result.data as Parsed<S>) : undefined;
    },
  };
}

/** One button of an inline keyboard, as the Bot API takes it (InlineKeyboardButton with callback_data). */
export interface DataButton {
  text: string;
  callback_data: string;
}

/** Message options carrying an inline keyboard (the shape telegraf's Markup.inlineKeyboard makes). */
export interface InlineKeyboard {
  reply_markup: { inline_keyboard: DataButton[][] };
}

/** An inline keyboard of these rows of buttons. */
export function inlineKeyboard(rows: { text: string; data: string }[][]): InlineKeyboard {
  return {
    reply_markup: { inline_keyboard: rows.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) },
  };
}

/** An inline keyboard with one button a row. */
export function keyboardRows(buttons: { text: string; data: string }[]): InlineKeyboard {
  return inlineKeyboard(buttons.map((b) => [b]));
}
