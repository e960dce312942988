/**
 * Downloading a file a person sent, within Telegram's rules: bots may download files up to
 * 20 MB (Bot API, getFile), so the declared size is checked before asking, getFile's answer
 * is checked again, and the download stops past the limit. Network trouble is an outcome,
 * never a fault.
 */
import { TelegramError } from 'telegraf';
import type { BotContext } from './context.js';
import type { IncomingFile } from './feature.js';

/** Telegram's limit on files a bot downloads (Bot API, getFile: "up to 20 MB"). */
export const MAX_BOT_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

export type Downloaded = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_big' | 'failed' };

/** The file's bytes, or why not: over `maxBytes` (at most Telegram's 20 MB) or could not be fetched. */
export async function downloadFile(
  ctx: BotContext,
  file: IncomingFile,
  maxBytes = MAX_BOT_DOWNLOAD_BYTES,
): Promise<Downloaded> {
  const limit = Math.min(maxBytes, MAX_BOT_DOWNLOAD_BYTES);
  if (file.fileSize !== null && file.fileSize > limit) return { ok: false, reason: 'too_big' };
  try {
    const info = await ctx.telegram.getFile(file.fileId);
    if (info.file_size !== undefined && info.file_size > limit) return { ok: false, reason: 'too_big' };
    const url = await ctx.telegram.getFileLink(info);
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok || !response.body) {
      ctx.deps.log.warn('file download refused', { status: response.status });
      return { ok: false, reason: 'failed' };
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limit) {
      await response.body.cancel();
      return { ok: false, reason: 'too_big' };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).length;
      if (size > limit) return { ok: false, reason: 'too_big' };
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch (error) {
    if (error instanceof TelegramError && /file is too big/i.test(error.description))
      return { ok: false, reason: 'too_big' };
    ctx.deps.log.warn('file download failed', { error });
    return { ok: false, reason: 'failed' };
  }
}
