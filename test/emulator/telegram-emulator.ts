// A small in-process Telegram Bot API server for end-to-end tests.
// A real telegraf bot polls it over HTTP; tests act as users and inspect what the bot sent.
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RuleViolation, validateOutgoing } from './telegram-rules.js';

export interface TgUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface BotInfo {
  id: number;
  is_bot: true;
  first_name: string;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineButton[][];
  keyboard?: unknown[][];
  remove_keyboard?: boolean;
  [key: string]: unknown;
}

export type BotMessageKind = 'text' | 'photo' | 'document' | 'copy' | 'forward';

export interface BotMessage {
  message_id: number;
  chat_id: number;
  /** Message text; '' for media messages (see caption). */
  text: string;
  caption?: string;
  reply_markup?: ReplyMarkup;
  /** Unix seconds, like Telegram. */
  date: number;
  edited: boolean;
  deleted: boolean;
  kind: BotMessageKind;
  /** A file sent: its field, its id or upload name, and an upload's bytes (for tests to open). */
  file?: { field: string; name: string; bytes?: Buffer };
  /** The album (sendMediaGroup) the message belongs to. */
  media_group_id?: string;
  /** An uploaded photo's size in pixels, as read from its header. */
  photoSize?: { width: number; height: number };
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  at: Date;
  ok: boolean;
  /** The exact JSON body the bot received. */
  response: unknown;
}

export interface ApiErrorSpec {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface EmulatorOptions {
  token?: string;
  botUsername?: string;
  port?: number;
  host?: string;
  /**
   * The first update_id handed out (default 1). Real ids are not reused within days; a
   * bot that remembers the ids it handled needs a fresh range when the emulator restarts.
   */
  firstUpdateId?: number;
}

/**
 * Telegram's flood limits, as the emulator enforces them when asked (`enforceRateLimits`).
 * Counted at the moment a request is handled, over the methods that put or change a message
 * (RATE_LIMITED_METHODS); only requests let through count. A refused request gets 429 with
 * `parameters.retry_after` (whole seconds, as Telegram), like "Too Many Requests: retry after N".
 */
export interface RateLimits {
  /** In any rolling second, over all chats (Bot API FAQ: about 30 messages a second). */
  perSecond: number;
  /**
   * Per private chat, a token bucket: `chatBurst` at once, then one a second (FAQ: "avoid
   * sending more than one message per second"; short bursts pass). The burst is our guess.
   */
  chatBurst: number;
  chatPerSecond: number;
  /** Per group (negative chat id), in any rolling minute (FAQ: 20 a minute). */
  groupPerMinute: number;
}

export const TELEGRAM_LIMITS: RateLimits = { perSecond: 30, chatBurst: 5, chatPerSecond: 1, groupPerMinute: 20 };

export interface WaitOptions {
  timeoutMs?: number;
}

export interface WaitForMessageOptions extends WaitOptions {
  includeExisting?: boolean;
}

/** What a multipart file part turns into inside the recorded params. */
export interface UploadedFile {
  filename: string;
  size: number;
  bytes: Buffer;
}

type Params = Record<string, unknown>;
type Update = Record<string, unknown> & { update_id: number };

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ApiErrorSpec['parameters'],
  ) {
    super(description);
  }
}

interface FailRule {
  method: string;
  error: ApiErrorSpec;
  times: number;
  chatId?: number;
}

interface PendingPoll {
  limit: number;
  res: ServerResponse;
  finish(result: Update[] | ApiError): void;
}

interface ChatState {
  nextMessageId: number;
  botMessages: BotMessage[];
  // Kept so copyMessage/forwardMessage/deleteMessage can refer to what the user wrote.
  userMessages: Map<number, Pick<BotMessage, 'text' | 'deleted' | 'caption' | 'file'>>;
}

const NUMERIC_FIELDS = ['chat_id', 'from_chat_id', 'message_id', 'offset', 'limit', 'timeout', 'user_id'];
const JSON_FIELDS = [
  'reply_markup',
  'scope',
  'commands',
  'allowed_updates',
  'menu_button',
  'entities',
  'caption_entities',
  'link_preview_options',
  'reply_parameters',
  'media',
  'results',
];
// Sending or editing into a chat where the user blocked the bot fails with 403.
const WRITE_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendMediaGroup',
  'sendDocument',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'sendChatAction',
]);
// What Telegram's flood limits count: everything that puts or changes a message in a chat.
const RATE_LIMITED_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
]);
/** Bots may download files up to 20 MB (Bot API, getFile). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** A file a user sent, as getFile and the download endpoint know it. */
interface StoredFile {
  uniqueId: string;
  size: number;
  /** The contents; a file sent without them (a test that needs none) downloads as `size` placeholder bytes. */
  bytes?: Buffer;
  /** Set by getFile: Telegram serves a file only through a path getFile handed out. */
  path?: string;
}

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

export class TelegramEmulator {
  readonly token: string;
  readonly botInfo: BotInfo;
  readonly calls: RecordedCall[] = [];

  private readonly server: http.Server;
  private port = 0;
  private readonly methods: Map<string, (p: Params, res: ServerResponse) => unknown>;
  private updates: Update[] = [];
  /** Every update ever pushed, by id, so one can be delivered again. */
  private readonly pushed = new Map<number, Update>();
  private nextUpdateId: number;
  private nextCallbackId = 1;
  private nextMediaGroupId = 13_000_000_000_000_000;
  private poll: PendingPoll | undefined;
  private readonly chats = new Map<number, ChatState>();
  private readonly files = new Map<string, StoredFile>();
  private readonly filePaths = new Map<string, string>();
  private nextFilePath = 1;
  private readonly users = new Map<number, TgUser>();
  private readonly commands = new Map<string, unknown[]>();
  private readonly menuButtons = new Map<string, unknown>();
  private webhookUrl = '';
  private failRules: FailRule[] = [];
  private readonly delays = new Map<string, number[]>();
  private readonly blocked = new Set<number>();
  private readonly callListeners = new Set<(call: RecordedCall) => void>();
  private readonly inflight = new Set<ServerResponse>();
  private readonly sleepers = new Set<() => void>();
  private limits: RateLimits | undefined;
  private readonly handledAt: number[] = [];
  private readonly chatBuckets = new Map<number, { tokens: number; at: number }>();
  private readonly groupSends = new Map<number, number[]>();
  private jitter: { minMs: number; maxMs: number } | undefined;
  private resetRules: string[] = [];
  private readonly socketRequests = new WeakMap<object, number>();
  private stopping = false;
  private stopPromise: Promise<void> | undefined;

  private constructor(opts: EmulatorOptions) {
    this.token = opts.token ?? '123456:TEST';
    this.nextUpdateId = opts.firstUpdateId ?? 1;
    const id = Number(this.token.split(':')[0]);
    this.botInfo = {
      id: Number.isSafeInteger(id) && id > 0 ? id : 123456,
      is_bot: true,
      first_name: 'Test Bot',
      username: opts.botUsername ?? 'cum4_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
    this.server = http.createServer((req, res) => {
      if (this.dropOnReusedSocket(req)) return;
      this.handleRequest(req, res).catch((err: unknown) => {
        this.respond(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
      });
    });
    // Like Telegram's servers, keep idle connections open longer than clients keep them:
    // Node's 5 s default closes a socket just as the bot reuses it (ECONNRESET).
    this.server.keepAliveTimeout = 120_000;
    this.server.headersTimeout = 125_000;
    this.methods = this.buildMethods();
  }

  static async start(opts: EmulatorOptions = {}): Promise<TelegramEmulator> {
    const emu = new TelegramEmulator(opts);
    await new Promise<void>((resolve, reject) => {
      emu.server.once('error', reject);
      emu.server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    emu.port = (emu.server.address() as AddressInfo).port;
    return emu;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How many calls are being held back by delayNext right now (the bot is waiting on them). */
  get delayedCalls(): number {
    return this.sleepers.size;
  }

  /** Updates the bot has not yet confirmed (by asking for the ones after them). */
  get pendingUpdates(): number {
    return this.updates.length;
  }

  /** True while a getUpdates long poll is being held (the bot is idle and listening). */
  get pollPending(): boolean {
    return this.poll !== undefined;
  }

  async stop(): Promise<void> {
    this.stopPromise ??= this.shutdown();
    return this.stopPromise;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const wake of [...this.sleepers]) wake();
    // Answer the poll normally so a polling bot sees an empty batch rather than a reset socket.
    this.poll?.finish([]);
    const flushed = Promise.all([...this.inflight].map((res) => new Promise((r) => res.once('close', r))));
    await Promise.race([flushed, sleepUnref(500)]);
    this.server.closeAllConnections();
    await closed;
  }

  // ---------------------------------------------------------------- acting as users

  sendText(user: TgUser, text: string): number {
    const from = this.rememberUser(user);
    const chat = this.chat(user.id);
    const message_id = chat.nextMessageId++;
    chat.userMessages.set(message_id, { text, deleted: false });
    const message: Params = { message_id, from, chat: this.chatObject(user.id), date: nowSeconds(), text };
    if (text.startsWith('/')) {
      const end = text.search(/\s/);
      message.entities = [{ type: 'bot_command', offset: 0, length: end === -1 ? text.length : end }];
    }
    return this.pushUpdate({ message });
  }

  /**
   * The user sends a photo or a document (by file id), with an optional caption; `mediaGroupId`:
   * one file of an album. `bytes` are its contents, which the bot can then fetch (getFile, then
   * GET /file/bot<token>/<file_path>); `fileSize` declares a size without contents (a file too
   * big to download); without either a placeholder size is used.
   */
  sendUserFile(
    user: TgUser,
    file: {
      kind: 'photo' | 'document';
      fileId: string;
      fileName?: string;
      caption?: string;
      mediaGroupId?: string;
      bytes?: Buffer;
      fileSize?: number;
      mimeType?: string;
    },
  ): number {
    const from = this.rememberUser(user);
    const chat = this.chat(user.id);
    const message_id = chat.nextMessageId++;
    chat.userMessages.set(message_id, {
      text: '',
      deleted: false,
      caption: file.caption,
      file: { field: file.kind, name: file.fileId },
    });
    const size = file.bytes?.length ?? file.fileSize ?? (file.kind === 'photo' ? 120_000 : 48_000);
    const uniqueId = `u${file.fileId}`;
    this.files.set(file.fileId, { uniqueId, size, ...(file.bytes ? { bytes: Buffer.from(file.bytes) } : {}) });
    const message: Params = { message_id, from, chat: this.chatObject(user.id), date: nowSeconds() };
    if (file.kind === 'photo')
      message.photo = [{ file_id: file.fileId, file_unique_id: uniqueId, width: 1280, height: 960, file_size: size }];
    else
      message.document = stripUndefined({
        file_id: file.fileId,
        file_unique_id: uniqueId,
        file_name: file.fileName,
        mime_type: file.mimeType,
        file_size: size,
      });
    if (file.caption !== undefined) message.caption = file.caption;
    if (file.mediaGroupId !== undefined) message.media_group_id = file.mediaGroupId;
    return this.pushUpdate({ message });
  }

  pressButton(user: TgUser, messageId: number, data: string): number {
    const from = this.rememberUser(user);
    const message = this.chats.get(user.id)?.botMessages.find((m) => m.message_id === messageId && !m.deleted);
    if (!message) throw new Error(`pressButton: no bot message ${messageId} in chat ${user.id}`);
    return this.pushUpdate({
      callback_query: {
        id: String(this.nextCallbackId++),
        from,
        message: this.toApiMessage(message),
        chat_instance: String(user.id),
        data,
      },
    });
  }

  pushUpdate(partial: Record<string, unknown>): number {
    const update_id = this.nextUpdateId++;
    const update = Object.assign({ update_id }, partial, { update_id });
    this.pushed.set(update_id, update);
    this.enqueue(update);
    return update_id;
  }

  /**
   * Delivers an update again, same update_id and content, as Telegram does when the bot
   * handled a batch but did not confirm it (it stopped before its next getUpdates).
   */
  redeliver(updateId: number): void {
    const update = this.pushed.get(updateId);
    if (!update) throw new Error(`redeliver: no update ${updateId} was pushed`);
    this.enqueue(structuredClone(update));
  }

  private enqueue(update: Update): void {
    this.updates.push(update);
    if (this.poll && !this.stopping) this.poll.finish(this.updates.slice(0, this.poll.limit));
  }

  // ---------------------------------------------------------------- inspection

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot sent in the chat, oldest first, edits applied; deleted ones stay with deleted: true. */
  messagesIn(chatId: number): BotMessage[] {
    return (this.chats.get(chatId)?.botMessages ?? []).map((m) => structuredClone(m));
  }

  lastMessageIn(chatId: number): BotMessage | undefined {
    return this.messagesIn(chatId).at(-1);
  }

  commandsFor(scope: Record<string, unknown> = { type: 'default' }, languageCode = ''): unknown[] {
    return this.commands.get(commandsKey(scope, languageCode)) ?? [];
  }

  /** Subscribe to recorded calls; returns the unsubscribe function. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** Resolves with the first truthy value of predicate; rejects after timeoutMs with the recent calls listed. */
  waitFor<T>(predicate: () => T | undefined | null | false, { timeoutMs = 5000 }: WaitOptions = {}): Promise<T> {
    // Captured now so a timeout points at the test line, not at a timer callback.
    const callSite = new Error();
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (): void => {
        done = true;
        clearInterval(interval);
        clearTimeout(timer);
        unsubscribe();
      };
      const check = (): void => {
        if (done) return;
        try {
          const value = predicate();
          if (value) {
            finish();
            resolve(value);
          }
        } catch (err) {
          finish();
          reject(err);
        }
      };
      const interval = setInterval(check, 10);
      const timer = setTimeout(() => {
        finish();
        const err = new Error(`waitFor timed out after ${timeoutMs} ms.\n${this.describeRecentCalls()}`);
        err.stack = `${err.message}\n${callSite.stack?.split('\n').slice(1).join('\n') ?? ''}`;
        reject(err);
      }, timeoutMs);
      // Deferred so the predicate sees the state the call produced, not a half-updated one.
      const unsubscribe = this.onCall(() => setImmediate(check));
      check();
    });
  }

  waitForMessage(
    chatId: number,
    predicate: (m: BotMessage) => boolean = () => true,
    opts: WaitForMessageOptions = {},
  ): Promise<BotMessage> {
    const after = opts.includeExisting ? 0 : (this.chats.get(chatId)?.nextMessageId ?? 1) - 1;
    return this.waitFor(() => this.messagesIn(chatId).find((m) => m.message_id > after && predicate(m)), opts);
  }

  reset(): void {
    this.calls.length = 0;
  }

  // ---------------------------------------------------------------- failure injection

  failNext(method: string, error: ApiErrorSpec, opts: { times?: number; chatId?: number } = {}): void {
    this.failRules.push({ method, error, times: opts.times ?? 1, chatId: opts.chatId });
  }

  blockUser(chatId: number): void {
    this.blocked.add(chatId);
  }

  unblockUser(chatId: number): void {
    this.blocked.delete(chatId);
  }

  /**
   * From now on, answer like Telegram's flood control: 429 with retry_after beyond the limits
   * (see RateLimits); `false` turns it off. Refused requests are recorded like others.
   */
  enforceRateLimits(limits: Partial<RateLimits> | false = {}): void {
    this.limits = limits === false ? undefined : { ...TELEGRAM_LIMITS, ...limits };
  }

  /** The recorded calls Telegram's flood control refused (429). */
  rateLimitedCalls(): RecordedCall[] {
    return this.calls.filter((c) => !c.ok && (c.response as { error_code?: number }).error_code === 429);
  }

  /** From now on, every Bot API request (not getUpdates) waits a random time in [minMs, maxMs] before it is handled: network jitter. `0` turns it off. */
  setJitter(maxMs: number, minMs = 0): void {
    this.jitter = maxMs > 0 ? { minMs, maxMs } : undefined;
  }

  /**
   * The next request for `method` that arrives on a kept-alive connection (not its first
   * request) has its connection destroyed before it is read, as a server closing an idle
   * connection just as the client reuses it: the client sees "socket hang up" (ECONNRESET).
   */
  resetNextReusedConnection(method: string): void {
    this.resetRules.push(method);
  }

  delayNext(method: string, ms: number): void {
    const queue = this.delays.get(method) ?? [];
    queue.push(ms);
    this.delays.set(method, queue);
  }

  // ---------------------------------------------------------------- HTTP plumbing

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inflight.add(res);
    res.once('close', () => this.inflight.delete(res));
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);

    if (url.pathname.startsWith('/_emulator/')) {
      return this.handleControl(req.method ?? 'GET', url.pathname, body, res);
    }

    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) return this.serveFile(download[1]!, decodeURIComponent(download[2]!), res);

    const match = /^\/bot([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) {
      return this.respond(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
    const [, token = '', rawMethod = ''] = match;
    // Telegram method names are case-insensitive.
    const method = [...this.methods.keys()].find((m) => m.toLowerCase() === rawMethod.toLowerCase()) ?? rawMethod;

    let params: Params = {};
    try {
      params = normaliseParams({
        ...Object.fromEntries(url.searchParams),
        ...parseBody(String(req.headers['content-type'] ?? ''), body),
      });
      if (token !== this.token) throw new ApiError(401, 'Unauthorized');
      await this.applyDelay(method);
      await this.applyJitter(method);
      this.applyInjectedFailure(method, params);
      this.applyRateLimits(method, params);
      const handler = this.methods.get(method);
      if (!handler) throw new ApiError(404, 'Not Found: method not found');
      if (WRITE_METHODS.has(method) && this.blocked.has(params.chat_id as number)) {
        throw new ApiError(403, 'Forbidden: bot was blocked by the user');
      }
      this.checkTelegramRules(method, params);
      const result = await handler(params, res);
      this.reply(res, method, params, 200, { ok: true, result });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const body: Params = { ok: false, error_code: err.code, description: err.description };
      if (err.parameters) body.parameters = err.parameters;
      this.reply(res, method, params, err.code, body);
    }
  }

  /**
   * GET /file/bot<token>/<file_path>: the bytes of a file getFile handed the path of; like
   * Telegram, 404 for a wrong token or a path getFile never gave.
   */
  private serveFile(token: string, path: string, res: ServerResponse): void {
    const fileId = token === this.token ? this.filePaths.get(path) : undefined;
    const file = fileId === undefined ? undefined : this.files.get(fileId);
    if (!file) return this.respond(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const bytes = file.bytes ?? Buffer.alloc(file.size);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
    res.end(bytes);
  }

  /** getFile: Telegram's rules: an unknown file_id is refused, so is a file over 20 MB (bots cannot download it). */
  private getFile(p: Params): Params {
    const fileId = typeof p.file_id === 'string' ? p.file_id : '';
    const file = this.files.get(fileId);
    if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
    if (file.size > MAX_DOWNLOAD_BYTES) throw new ApiError(400, 'Bad Request: file is too big');
    if (!file.path) {
      file.path = `documents/file_${this.nextFilePath++}`;
      this.filePaths.set(file.path, fileId);
    }
    return { file_id: fileId, file_unique_id: file.uniqueId, file_size: file.size, file_path: file.path };
  }

  /** Refuses, with Telegram's 400 and wording, what Telegram itself would refuse (see telegram-rules.ts). */
  private checkTelegramRules(method: string, params: Params): void {
    try {
      validateOutgoing(method, params);
    } catch (err) {
      if (err instanceof RuleViolation) throw new ApiError(400, `Bad Request: ${err.message}`);
      throw err;
    }
  }

  private reply(res: ServerResponse, method: string, params: Params, status: number, body: Params): void {
    this.respond(res, status, body);
    const call: RecordedCall = { method, params, at: new Date(), ok: body.ok === true, response: body };
    this.calls.push(call);
    for (const listener of [...this.callListeners]) listener(call);
  }

  private respond(res: ServerResponse, status: number, body: unknown): void {
    // A client that went away (an aborted poll) gets nothing; writing would only throw.
    if (res.headersSent || res.destroyed || res.socket?.destroyed !== false) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      // While stopping, keep-alive sockets must not be reused or the bot would race the close.
      ...(this.stopping ? { connection: 'close' } : {}),
    });
    res.end(JSON.stringify(body));
  }

  private async applyDelay(method: string): Promise<void> {
    const ms = this.delays.get(method)?.shift();
    if (ms === undefined || this.stopping) return;
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async applyJitter(method: string): Promise<void> {
    if (!this.jitter || method === 'getUpdates' || this.stopping) return;
    const { minMs, maxMs } = this.jitter;
    await sleepUnref(minMs + Math.random() * (maxMs - minMs));
  }

  /** Telegram's flood control at the moment of handling; see RateLimits. */
  private applyRateLimits(method: string, params: Params): void {
    const limits = this.limits;
    if (!limits || !RATE_LIMITED_METHODS.has(method)) return;
    const now = Date.now();
    const chatId = typeof params.chat_id === 'number' ? params.chat_id : undefined;
    while (this.handledAt.length > 0 && this.handledAt[0]! <= now - 1000) this.handledAt.shift();
    const refuse = (waitMs: number): never => {
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    };
    if (this.handledAt.length >= limits.perSecond) refuse(this.handledAt[0]! + 1000 - now);
    if (chatId !== undefined && chatId < 0) {
      const sent = (this.groupSends.get(chatId) ?? []).filter((t) => t > now - 60_000);
      if (sent.length >= limits.groupPerMinute) refuse(sent[0]! + 60_000 - now);
      sent.push(now);
      this.groupSends.set(chatId, sent);
    } else if (chatId !== undefined) {
      const bucket = this.chatBuckets.get(chatId) ?? { tokens: limits.chatBurst, at: now };
      bucket.tokens = Math.min(limits.chatBurst, bucket.tokens + ((now - bucket.at) / 1000) * limits.chatPerSecond);
      bucket.at = now;
      this.chatBuckets.set(chatId, bucket);
      if (bucket.tokens < 1) refuse(((1 - bucket.tokens) / limits.chatPerSecond) * 1000);
      bucket.tokens -= 1;
    }
    this.handledAt.push(now);
  }

  /** See resetNextReusedConnection. */
  private dropOnReusedSocket(req: IncomingMessage): boolean {
    const served = (this.socketRequests.get(req.socket) ?? 0) + 1;
    this.socketRequests.set(req.socket, served);
    if (served < 2 || this.resetRules.length === 0) return false;
    const method = /^\/bot[^/]+\/([^/?]+)/.exec(req.url ?? '')?.[1]?.toLowerCase();
    const index = this.resetRules.findIndex((m) => m.toLowerCase() === method);
    if (index === -1) return false;
    this.resetRules.splice(index, 1);
    this.resets++;
    req.socket.destroy();
    return true;
  }

  /** How many connections resetNextReusedConnection has dropped. */
  resets = 0;

  private applyInjectedFailure(method: string, params: Params): void {
    const rule = this.failRules.find(
      (r) => r.method === method && r.times > 0 && (r.chatId === undefined || r.chatId === params.chat_id),
    );
    if (!rule) return;
    rule.times--;
    this.failRules = this.failRules.filter((r) => r.times > 0);
    throw new ApiError(rule.error.error_code, rule.error.description, rule.error.parameters);
  }

  private handleControl(verb: string, path: string, body: Buffer, res: ServerResponse): void {
    const send = (status: number, payload: unknown): void => this.respond(res, status, payload);
    try {
      const input = parseBody('application/json', body);
      const chatMatch = /^\/_emulator\/chat\/(-?\d+)$/.exec(path);
      if (verb === 'POST' && path === '/_emulator/send') {
        const user = controlUser(input);
        return send(200, { update_id: this.sendText(user, String(input.text ?? '')) });
      }
      if (verb === 'POST' && path === '/_emulator/file') {
        const user = controlUser(input);
        const kind = input.kind === 'photo' ? 'photo' : 'document';
        const file = {
          kind,
          fileId: String(input.fileId ?? `FILE-${Date.now()}`),
          ...(input.fileName ? { fileName: String(input.fileName) } : {}),
          ...(input.caption ? { caption: String(input.caption) } : {}),
          // The file's contents, base64, for the bot to download (e.g. a targets sheet).
          ...(typeof input.base64 === 'string' ? { bytes: Buffer.from(input.base64, 'base64') } : {}),
        } as const;
        return send(200, { update_id: this.sendUserFile(user, file) });
      }
      if (verb === 'POST' && path === '/_emulator/press') {
        const user = controlUser(input);
        return send(200, { update_id: this.pressButton(user, Number(input.messageId), String(input.data ?? '')) });
      }
      if (verb === 'POST' && path === '/_emulator/redeliver') {
        this.redeliver(Number(input.updateId));
        return send(200, { update_id: Number(input.updateId) });
      }
      if (verb === 'GET' && chatMatch) return send(200, this.messagesIn(Number(chatMatch[1])));
      if (verb === 'GET' && path === '/_emulator/calls') return send(200, this.calls);
      send(404, { error: `unknown control route ${verb} ${path}` });
    } catch (err) {
      send(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  // ---------------------------------------------------------------- Bot API methods

  private buildMethods(): Map<string, (p: Params, res: ServerResponse) => unknown> {
    const yes = (): true => true;
    return new Map<string, (p: Params, res: ServerResponse) => unknown>([
      ['getMe', () => this.botInfo],
      ['logOut', yes],
      ['close', yes],
      ['getUpdates', (p, res) => this.getUpdates(p, res)],
      ['setWebhook', (p) => this.setWebhook(String(p.url ?? ''), p)],
      ['deleteWebhook', (p) => this.setWebhook('', p)],
      [
        'getWebhookInfo',
        () => ({ url: this.webhookUrl, has_custom_certificate: false, pending_update_count: this.updates.length }),
      ],
      [
        'setMyCommands',
        (p) => {
          if (!Array.isArray(p.commands)) throw new ApiError(400, 'Bad Request: commands must be an array');
          this.commands.set(commandsKey(p.scope, p.language_code), p.commands);
          return true;
        },
      ],
      ['getMyCommands', (p) => this.commands.get(commandsKey(p.scope, p.language_code)) ?? []],
      [
        'deleteMyCommands',
        (p) => {
          this.commands.delete(commandsKey(p.scope, p.language_code));
          return true;
        },
      ],
      [
        'sendMessage',
        (p) => {
          const chatId = requireChat(p);
          if (typeof p.text !== 'string' || p.text.trim() === '')
            throw new ApiError(400, 'Bad Request: message text is empty');
          return this.toApiMessage(
            this.storeBotMessage(chatId, { kind: 'text', text: p.text, reply_markup: markupOf(p) }),
          );
        },
      ],
      ['sendPhoto', (p) => this.sendFile(p, 'photo')],
      ['sendMediaGroup', (p) => this.sendMediaGroup(p)],
      ['sendDocument', (p) => this.sendFile(p, 'document')],
      ['copyMessage', (p) => ({ message_id: this.copy(p, 'copy').message_id })],
      ['forwardMessage', (p) => this.toApiMessage(this.copy(p, 'forward'))],
      [
        'editMessageText',
        (p) => {
          const message = this.findEditable(p);
          if (typeof p.text !== 'string' || p.text.trim() === '')
            throw new ApiError(400, 'Bad Request: message text is empty');
          // Like Telegram, an edit without reply_markup drops the inline keyboard.
          return this.applyEdit(message, p.text, markupOf(p));
        },
      ],
      [
        'editMessageReplyMarkup',
        (p) => {
          const message = this.findEditable(p);
          return this.applyEdit(message, message.text, markupOf(p));
        },
      ],
      [
        'deleteMessage',
        (p) => {
          const chat = this.chats.get(requireChat(p));
          const id = p.message_id;
          const target = chat?.botMessages.find((m) => m.message_id === id) ?? chat?.userMessages.get(id as number);
          if (!target || target.deleted) throw new ApiError(400, 'Bad Request: message to delete not found');
          target.deleted = true;
          return true;
        },
      ],
      ['getFile', (p) => this.getFile(p)],
      ['answerCallbackQuery', yes],
      ['sendChatAction', (p) => (requireChat(p), true)],
      ['getChat', (p) => this.chatObject(requireChat(p))],
      [
        'setChatMenuButton',
        (p) => {
          this.menuButtons.set(String(p.chat_id ?? 'default'), p.menu_button ?? { type: 'default' });
          return true;
        },
      ],
      ['getChatMenuButton', (p) => this.menuButtons.get(String(p.chat_id ?? 'default')) ?? { type: 'default' }],
    ]);
  }

  private getUpdates(p: Params, res: ServerResponse): Update[] | Promise<Update[]> {
    const offset = typeof p.offset === 'number' ? p.offset : 0;
    const limit = Math.min(Math.max(typeof p.limit === 'number' ? p.limit : 100, 1), 100);
    const timeout = typeof p.timeout === 'number' ? p.timeout : 0;
    // Asking from an offset confirms everything before it.
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    this.poll?.finish(new ApiError(409, CONFLICT));

    const ready = this.updates.slice(0, limit);
    if (ready.length > 0 || timeout <= 0 || this.stopping) return ready;

    return new Promise<Update[]>((resolve, reject) => {
      const poll: PendingPoll = {
        limit,
        res,
        finish: (result) => {
          if (this.poll !== poll) return;
          this.poll = undefined;
          clearTimeout(timer);
          if (result instanceof ApiError) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => poll.finish([]), timeout * 1000);
      this.poll = poll;
      // A bot that aborts its poll (telegraf's stop) must not be answered later or count as a conflict.
      res.once('close', () => poll.finish([]));
    });
  }

  private setWebhook(url: string, p: Params): true {
    this.webhookUrl = url;
    if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') this.updates = [];
    return true;
  }

  private sendFile(p: Params, field: 'photo' | 'document'): unknown {
    const chatId = requireChat(p);
    const value = p[field];
    let name: string;
    let bytes: Buffer | undefined;
    if (typeof value === 'string' && value !== '') name = value;
    else if (isUpload(value)) {
      name = value.filename;
      bytes = value.bytes;
    } else throw new ApiError(400, `Bad Request: there is no ${field} in the request`);
    if (typeof p.caption === 'string' && visibleLength(p.caption, p.parse_mode) > 1024)
      throw new ApiError(400, 'Bad Request: message caption is too long');
    const photoSize = field === 'photo' && bytes ? checkPhoto(bytes) : undefined;
    const message = this.storeBotMessage(chatId, {
      kind: field,
      text: '',
      caption: typeof p.caption === 'string' ? p.caption : undefined,
      reply_markup: markupOf(p),
      file: { field, name, ...(bytes ? { bytes } : {}) },
      photoSize,
    });
    return this.toApiMessage(message);
  }

  /**
   * An album, checked as Telegram does before anything is sent (so a refusal sends nothing):
   * `media` a JSON array of 2–10 InputMedia (the Bot API docs' "2-10 items"; the server itself
   * answers 0 and 11+ with the errors below and sends a lone item as a plain message: the
   * emulator refuses it, so that a bot keeps to the documented contract); types photo, video,
   * audio, document, with documents and audio only among their own kind; "attach://<name>"
   * must name a part of the multipart body; captions ≤ 1,024 characters after parsing (see
   * telegram-rules.ts); an uploaded photo within Telegram's limits (checkPhoto). Each item
   * becomes a message of its own, sharing one media_group_id; reply_markup is not accepted.
   */
  private sendMediaGroup(p: Params): unknown {
    const chatId = requireChat(p);
    const media = p.media;
    if (media === undefined) throw new ApiError(400, 'Bad Request: parameter "media" is required');
    if (!Array.isArray(media)) throw new ApiError(400, "Bad Request: can't parse media JSON object");
    if (media.length === 0) throw new ApiError(400, 'Bad Request: there are no messages to send');
    if (media.length > 10) throw new ApiError(400, 'Bad Request: too many messages to send as an album');
    if (media.length === 1)
      throw new ApiError(400, 'Bad Request: media group must include 2-10 items (send one photo with sendPhoto)');
    const items = media.map((item: unknown) => {
      if (!isRecord(item)) throw new ApiError(400, "Bad Request: can't parse InputMedia JSON object");
      const type = item.type;
      if (typeof type !== 'string') throw new ApiError(400, "Bad Request: can't parse InputMedia: type is missing");
      if (type === 'animation')
        throw new ApiError(
          400,
          `Bad Request: can't parse InputMedia: type "animation" can't be used in sendMediaGroup`,
        );
      if (!['photo', 'video', 'audio', 'document'].includes(type))
        throw new ApiError(400, `Bad Request: can't parse InputMedia: type "${type}" is unsupported`);
      const ref = item.media;
      if (typeof ref !== 'string' || ref === '')
        throw new ApiError(400, "Bad Request: can't parse InputMedia: media not found");
      let name = ref;
      let bytes: Buffer | undefined;
      if (ref.startsWith('attach://')) {
        const upload = p[ref.slice('attach://'.length)];
        if (!isUpload(upload)) throw new ApiError(400, "Bad Request: can't parse InputMedia: media not found");
        name = upload.filename;
        bytes = upload.bytes;
      }
      const caption = typeof item.caption === 'string' ? item.caption : undefined;
      if (caption !== undefined && visibleLength(caption, item.parse_mode) > 1024)
        throw new ApiError(400, 'Bad Request: message caption is too long');
      return { type, name, bytes, caption };
    });
    for (const kind of ['document', 'audio'])
      if (items.some((i) => i.type === kind) && items.some((i) => i.type !== kind))
        throw new ApiError(400, `Bad Request: ${kind} can't be mixed with other media types`);
    if (p.reply_markup !== undefined)
      throw new ApiError(400, 'Bad Request: reply markup is not supported in sendMediaGroup');
    const sizes = items.map((i) => (i.type === 'photo' && i.bytes ? checkPhoto(i.bytes) : undefined));
    const groupId = String(this.nextMediaGroupId++);
    return items.map((item, i) =>
      this.toApiMessage(
        this.storeBotMessage(chatId, {
          kind: item.type === 'photo' ? 'photo' : 'document',
          text: '',
          caption: item.caption,
          file: { field: item.type, name: item.name, ...(item.bytes ? { bytes: item.bytes } : {}) },
          media_group_id: groupId,
          photoSize: sizes[i],
        }),
      ),
    );
  }

  private copy(p: Params, kind: 'copy' | 'forward'): BotMessage {
    const chatId = requireChat(p);
    const source = this.chats.get(p.from_chat_id as number);
    const id = p.message_id as number;
    const original = source?.botMessages.find((m) => m.message_id === id) ?? source?.userMessages.get(id);
    if (!original || original.deleted) throw new ApiError(400, `Bad Request: message to ${kind} not found`);
    return this.storeBotMessage(chatId, {
      kind,
      text: original.text,
      caption: typeof p.caption === 'string' ? p.caption : original.caption,
      reply_markup: kind === 'copy' ? markupOf(p) : undefined,
      file: original.file,
    });
  }

  private findEditable(p: Params): BotMessage {
    const chatId = requireChat(p);
    const message = this.chats.get(chatId)?.botMessages.find((m) => m.message_id === p.message_id);
    if (!message || message.deleted) throw new ApiError(400, 'Bad Request: message to edit not found');
    return message;
  }

  private applyEdit(message: BotMessage, text: string, markup: ReplyMarkup | undefined): unknown {
    if (message.text === text && deepEqual(message.reply_markup, markup)) throw new ApiError(400, NOT_MODIFIED);
    message.text = text;
    message.reply_markup = markup;
    message.edited = true;
    return this.toApiMessage(message);
  }

  // ---------------------------------------------------------------- state helpers

  private chat(chatId: number): ChatState {
    let state = this.chats.get(chatId);
    if (!state) {
      state = { nextMessageId: 1, botMessages: [], userMessages: new Map() };
      this.chats.set(chatId, state);
    }
    return state;
  }

  private storeBotMessage(
    chatId: number,
    fields: Pick<BotMessage, 'kind' | 'text' | 'caption' | 'reply_markup' | 'file' | 'media_group_id' | 'photoSize'>,
  ): BotMessage {
    const chat = this.chat(chatId);
    const message: BotMessage = {
      message_id: chat.nextMessageId++,
      chat_id: chatId,
      date: nowSeconds(),
      edited: false,
      deleted: false,
      ...fields,
    };
    // Keep the stored object free of undefined keys so clones compare cleanly in tests.
    for (const key of ['caption', 'reply_markup', 'file', 'media_group_id', 'photoSize'] as const) {
      if (message[key] === undefined) delete message[key];
    }
    chat.botMessages.push(message);
    return message;
  }

  private rememberUser(user: TgUser): Params {
    const known = { ...this.users.get(user.id), ...stripUndefined(user) } as TgUser;
    this.users.set(user.id, known);
    return { is_bot: false, first_name: `User${user.id}`, ...known };
  }

  private chatObject(chatId: number): Params {
    const user = this.users.get(chatId);
    return stripUndefined({
      id: chatId,
      type: 'private',
      first_name: user?.first_name ?? `User${chatId}`,
      last_name: user?.last_name,
      username: user?.username,
    });
  }

  private toApiMessage(m: BotMessage): Params {
    const message: Params = {
      message_id: m.message_id,
      from: this.botInfo,
      chat: this.chatObject(m.chat_id),
      date: m.date,
    };
    // Keyed on the file rather than kind so copies of media still look like media.
    if (m.file?.field === 'photo') {
      const { width, height } = m.photoSize ?? { width: 640, height: 480 };
      message.photo = [{ file_id: m.file.name, file_unique_id: `u${m.message_id}`, width, height }];
    } else if (m.file?.field === 'document') {
      message.document = { file_id: m.file.name, file_unique_id: `u${m.message_id}`, file_name: m.file.name };
    } else {
      message.text = m.text;
    }
    if (m.caption !== undefined) message.caption = m.caption;
    if (m.media_group_id !== undefined) message.media_group_id = m.media_group_id;
    if (m.edited) message.edit_date = nowSeconds();
    // Telegram echoes only inline keyboards back on the message.
    if (m.reply_markup?.inline_keyboard) message.reply_markup = m.reply_markup;
    return message;
  }

  private describeRecentCalls(): string {
    const interesting = this.calls.filter((c) => c.method !== 'getUpdates');
    const polls = this.calls.length - interesting.length;
    const lines = interesting.slice(-15).map((c) => {
      const outcome = c.ok ? 'ok' : `error ${JSON.stringify(c.response)}`;
      return `  ${c.method} ${truncate(JSON.stringify(c.params), 160)} -> ${outcome}`;
    });
    const header = `Last ${lines.length} of ${interesting.length} recorded calls (plus ${polls} getUpdates):`;
    return lines.length > 0 ? `${header}\n${lines.join('\n')}` : `No calls recorded besides ${polls} getUpdates.`;
  }
}

// ------------------------------------------------------------------ free helpers

/** Telegram's limits on a photo (Bot API sendPhoto): 10 MB, width + height ≤ 10000, aspect ratio ≤ 20. */
export const PHOTO_LIMITS = { maxBytes: 10 * 1024 * 1024, maxSides: 10_000, maxRatio: 20 };

/**
 * An uploaded photo's size, refused as Telegram refuses it: over 10 MB, sides adding up to
 * more than 10000 px or one side over 20 times the other, or bytes that are no image the
 * emulator can read (PNG and JPEG headers are read; Telegram reads more formats).
 */
function checkPhoto(bytes: Buffer): { width: number; height: number } {
  if (bytes.length > PHOTO_LIMITS.maxBytes) throw new ApiError(400, 'Bad Request: file is too big');
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) throw new ApiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
  const { width, height } = size;
  if (
    width + height > PHOTO_LIMITS.maxSides ||
    Math.max(width, height) / Math.min(width, height) > PHOTO_LIMITS.maxRatio
  )
    throw new ApiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
  return size;
}

/** Width and height from a PNG's IHDR or a JPEG's start-of-frame; undefined for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR')
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  for (let at = 2; at + 9 < bytes.length;) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
    at += 2 + length;
  }
  return undefined;
}

/** Roughly what Telegram counts: the text after HTML markup is parsed. */
function visibleLength(text: string, parseMode: unknown): number {
  if (parseMode !== 'HTML') return text.length;
  return text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#\d+);/g, '_').length;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(contentType: string, body: Buffer): Params {
  if (body.length === 0) return {};
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) throw new ApiError(400, 'Bad Request: multipart boundary is missing');
    return parseMultipart(body, boundary);
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError(400, "Bad Request: can't parse JSON body");
  }
  if (!isRecord(parsed)) throw new ApiError(400, 'Bad Request: JSON body must be an object');
  return parsed;
}

// Enough multipart for telegraf uploads: text fields become strings, file parts become UploadedFile.
function parseMultipart(body: Buffer, boundary: string): Params {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Params = {};
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // strip the CRLFs around the part
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /;\s*name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /;\s*filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        fields[name] =
          filename !== undefined
            ? ({ filename, size: content.length, bytes: Buffer.from(content) } satisfies UploadedFile)
            : content.toString('utf8');
      }
    }
    pos = next;
  }
  return fields;
}

// Form bodies carry everything as strings; make them look like a JSON body.
function normaliseParams(raw: Params): Params {
  const params: Params = { ...raw };
  for (const key of NUMERIC_FIELDS) {
    const value = params[key];
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) params[key] = Number(value);
  }
  for (const key of JSON_FIELDS) {
    const value = params[key];
    // Only JSON-looking strings: a form may legitimately send allowed_updates=message.
    if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) continue;
    try {
      params[key] = JSON.parse(value);
    } catch {
      throw new ApiError(400, `Bad Request: can't parse ${key} JSON object`);
    }
  }
  return params;
}

function requireChat(p: Params): number {
  if (typeof p.chat_id !== 'number' || !Number.isSafeInteger(p.chat_id)) {
    throw new ApiError(400, 'Bad Request: chat not found');
  }
  return p.chat_id;
}

function markupOf(p: Params): ReplyMarkup | undefined {
  const markup = p.reply_markup;
  if (!isRecord(markup)) return undefined;
  // An empty inline keyboard is how bots remove one; store it as "no markup".
  if (Array.isArray(markup.inline_keyboard) && markup.inline_keyboard.length === 0) return undefined;
  return markup as ReplyMarkup;
}

function commandsKey(scope: unknown, languageCode: unknown): string {
  return `${stableJson(scope ?? { type: 'default' })}|${typeof languageCode === 'string' ? languageCode : ''}`;
}

function controlUser(input: Params): TgUser {
  const id = Number(input.userId);
  if (!Number.isSafeInteger(id)) throw new Error('userId must be an integer');
  return stripUndefined({
    id,
    first_name: typeof input.firstName === 'string' ? input.firstName : undefined,
    last_name: typeof input.lastName === 'string' ? input.lastName : undefined,
    username: typeof input.username === 'string' ? input.username : undefined,
  });
}

function isUpload(value: unknown): value is UploadedFile {
  return isRecord(value) && typeof value.filename === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function deepEqual(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function sleepUnref(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
