import { afterEach, describe, expect, it } from 'vitest';
import { Markup, Telegraf, TelegramError } from 'telegraf';
import { TelegramEmulator } from './emulator/telegram-emulator.js';

/** Bot API answers, read loosely: these tests check the emulator's JSON field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const LAN = { id: 1001, first_name: 'Lan' };
const MAI = { id: 1002, first_name: 'Mai' };

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  // Bots first, so their final offset sync still reaches a live emulator.
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startEmulator(): Promise<TelegramEmulator> {
  const emu = await TelegramEmulator.start();
  cleanups.push(() => emu.stop());
  return emu;
}

/** A telegraf bot that only talks to the API (no polling). */
function apiBot(emu: TelegramEmulator): Telegraf {
  return new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
}

/** A polling telegraf bot; resolves once its first long poll is being held. */
async function launchBot(
  emu: TelegramEmulator,
  setup: (bot: Telegraf) => void,
): Promise<{ bot: Telegraf; errors: unknown[] }> {
  const bot = apiBot(emu);
  const errors: unknown[] = [];
  bot.catch((err) => {
    errors.push(err);
  });
  setup(bot);
  const running = bot.launch().catch((err: unknown) => errors.push(err));
  cleanups.push(async () => {
    bot.stop('test over');
    await running;
  });
  await emu.waitFor(() => emu.pollPending);
  return { bot, errors };
}

async function api(
  emu: TelegramEmulator,
  method: string,
  body: unknown,
  token = emu.token,
): Promise<{ status: number; json: Loose }> {
  const res = await fetch(`${emu.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('TelegramEmulator', () => {
  it('answers getMe with the bot info', async () => {
    const emu = await startEmulator();
    const me = await apiBot(emu).telegram.getMe();
    expect(me).toEqual(emu.botInfo);
    expect(me).toMatchObject({ id: 123456, is_bot: true, username: 'cum4_test_bot' });
    expect(emu.callsOf('getMe')).toHaveLength(1);
  });

  it('holds a long poll and returns as soon as an update is injected', async () => {
    const emu = await startEmulator();
    const started = Date.now();
    let settled = false;
    const poll = api(emu, 'getUpdates', { timeout: 30 }).finally(() => (settled = true));

    // Held, not answered empty: the update is injected after the poll arrived, and the poll's
    // answer carries it (a poll answered at once would have come back with no updates).
    await emu.waitFor(() => emu.pollPending);
    expect(settled).toBe(false);

    const updateId = emu.sendText(LAN, '/start abc');
    const { status, json } = await poll;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(status).toBe(200);
    expect(json.result).toHaveLength(1);
    expect(json.result[0]).toMatchObject({
      update_id: updateId,
      message: {
        from: { id: 1001, is_bot: false, first_name: 'Lan' },
        chat: { id: 1001, type: 'private' },
        text: '/start abc',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
  });

  it('returns an empty list when the poll timeout passes', async () => {
    const emu = await startEmulator();
    const started = Date.now();
    const { json } = await api(emu, 'getUpdates', { timeout: 1 });
    expect(json).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('confirms updates with offset and respects limit', async () => {
    const emu = await startEmulator();
    const ids = [emu.sendText(LAN, 'one'), emu.sendText(LAN, 'two'), emu.sendText(MAI, 'three')];

    expect((await api(emu, 'getUpdates', { limit: 2 })).json.result.map((u: Loose) => u.update_id)).toEqual(
      ids.slice(0, 2),
    );
    // Re-reading without confirming returns the same updates.
    expect((await api(emu, 'getUpdates', {})).json.result).toHaveLength(3);
    expect((await api(emu, 'getUpdates', { offset: ids[1] })).json.result.map((u: Loose) => u.update_id)).toEqual(
      ids.slice(1),
    );
    expect((await api(emu, 'getWebhookInfo', {})).json.result).toEqual({
      url: '',
      has_custom_certificate: false,
      pending_update_count: 2,
    });
    expect((await api(emu, 'getUpdates', { offset: ids[2]! + 1 })).json.result).toEqual([]);
    expect((await api(emu, 'getWebhookInfo', {})).json.result.pending_update_count).toBe(0);
  });

  it('terminates an older pending poll with 409 when a new one arrives', async () => {
    const emu = await startEmulator();
    const first = api(emu, 'getUpdates', { timeout: 30 });
    await emu.waitFor(() => emu.pollPending);
    const second = api(emu, 'getUpdates', { timeout: 0 });
    const older = await first;
    expect(older.status).toBe(409);
    expect(older.json).toMatchObject({
      ok: false,
      error_code: 409,
      description: expect.stringContaining('Conflict: terminated by other getUpdates'),
    });
    expect((await second).json).toEqual({ ok: true, result: [] });
  });

  it('records sendMessage with per-chat increasing message ids', async () => {
    const emu = await startEmulator();
    const { telegram } = apiBot(emu);
    const a1 = await telegram.sendMessage(LAN.id, 'hello', Markup.inlineKeyboard([Markup.button.callback('Go', 'go')]));
    const a2 = await telegram.sendMessage(LAN.id, 'again');
    const b1 = await telegram.sendMessage(MAI.id, 'hi Mai');

    expect([a1.message_id, a2.message_id, b1.message_id]).toEqual([1, 2, 1]);
    expect(a1).toMatchObject({ chat: { id: 1001, type: 'private' }, from: { id: emu.botInfo.id }, text: 'hello' });
    expect(a1.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ text: 'Go', callback_data: 'go' });
    expect(emu.messagesIn(LAN.id).map((m) => m.text)).toEqual(['hello', 'again']);
    expect(emu.lastMessageIn(MAI.id)).toMatchObject({
      message_id: 1,
      chat_id: 1002,
      text: 'hi Mai',
      edited: false,
      deleted: false,
    });
    expect(emu.callsOf('sendMessage').map((c) => c.params.chat_id)).toEqual([1001, 1001, 1002]);
    expect(emu.callsOf('sendMessage').every((c) => c.ok)).toBe(true);
  });

  it('validates sendMessage and accepts form bodies and query strings', async () => {
    const emu = await startEmulator();
    expect(await api(emu, 'sendMessage', { chat_id: 1001, text: '' })).toMatchObject({
      status: 400,
      json: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' },
    });
    expect((await api(emu, 'sendMessage', { chat_id: '@someone', text: 'x' })).json.description).toBe(
      'Bad Request: chat not found',
    );

    const form = new URLSearchParams({
      chat_id: '1001',
      text: 'from a form',
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
    });
    const res = await fetch(`${emu.apiRoot}/bot${emu.token}/sendMessage`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(emu.lastMessageIn(1001)).toMatchObject({
      text: 'from a form',
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });

    await fetch(`${emu.apiRoot}/bot${emu.token}/sendMessage?chat_id=1001&text=query`);
    expect(emu.lastMessageIn(1001)?.text).toBe('query');
    expect(emu.callsOf('sendMessage').at(-1)?.params).toMatchObject({ chat_id: 1001, text: 'query' });
  });

  it('parses multipart uploads (sendDocument with a buffer)', async () => {
    const emu = await startEmulator();
    const sent = await apiBot(emu).telegram.sendDocument(
      LAN.id,
      { source: Buffer.from('a,b\n1,2\n'), filename: 'report.csv' },
      { caption: 'Báo cáo' },
    );
    expect(sent.message_id).toBe(1);
    expect(emu.lastMessageIn(LAN.id)).toMatchObject({
      kind: 'document',
      caption: 'Báo cáo',
      file: { field: 'document', name: 'report.csv' },
    });
    expect(emu.callsOf('sendDocument')[0]?.params).toMatchObject({
      chat_id: 1001,
      document: { filename: 'report.csv', size: 8 },
    });
  });

  it('edits messages like Telegram does', async () => {
    const emu = await startEmulator();
    const { telegram } = apiBot(emu);
    const keyboard = Markup.inlineKeyboard([Markup.button.callback('Go', 'go')]);
    const sent = await telegram.sendMessage(LAN.id, 'draft', keyboard);

    await expect(telegram.editMessageText(LAN.id, sent.message_id, undefined, 'draft', keyboard)).rejects.toMatchObject(
      {
        code: 400,
        description: expect.stringContaining('Bad Request: message is not modified'),
      },
    );
    await expect(telegram.editMessageText(LAN.id, 99, undefined, 'x')).rejects.toMatchObject({
      description: 'Bad Request: message to edit not found',
    });

    await telegram.editMessageText(LAN.id, sent.message_id, undefined, 'final');
    // Without reply_markup the inline keyboard is gone, as on Telegram.
    expect(emu.lastMessageIn(LAN.id)).toMatchObject({ text: 'final', edited: true });
    expect(emu.lastMessageIn(LAN.id)?.reply_markup).toBeUndefined();

    await telegram.editMessageReplyMarkup(LAN.id, sent.message_id, undefined, keyboard.reply_markup);
    expect(emu.lastMessageIn(LAN.id)?.reply_markup).toEqual(keyboard.reply_markup);

    await telegram.deleteMessage(LAN.id, sent.message_id);
    expect(emu.lastMessageIn(LAN.id)?.deleted).toBe(true);
  });

  it('copies and forwards messages, answers getChat and menu buttons', async () => {
    const emu = await startEmulator();
    const { telegram } = apiBot(emu);
    emu.sendText(LAN, 'report text');
    const copied = await telegram.copyMessage(MAI.id, LAN.id, 1, { caption: 'from Lan' });
    expect(copied).toEqual({ message_id: 1 });
    expect(emu.lastMessageIn(MAI.id)).toMatchObject({ kind: 'copy', text: 'report text', caption: 'from Lan' });
    const forwarded = await telegram.forwardMessage(MAI.id, LAN.id, 1);
    expect(forwarded).toMatchObject({ message_id: 2, text: 'report text' });
    await expect(telegram.copyMessage(MAI.id, LAN.id, 77)).rejects.toMatchObject({ code: 400 });

    expect(await telegram.getChat(LAN.id)).toEqual({ id: 1001, type: 'private', first_name: 'Lan' });
    expect(await telegram.sendChatAction(LAN.id, 'typing')).toBe(true);
    expect(await telegram.getChatMenuButton()).toEqual({ type: 'default' });
    await telegram.setChatMenuButton({ menuButton: { type: 'commands' } });
    expect(await telegram.getChatMenuButton()).toEqual({ type: 'commands' });
  });

  it('stores commands per scope', async () => {
    const emu = await startEmulator();
    const { telegram } = apiBot(emu);
    await telegram.setMyCommands([{ command: 'start', description: 'Start' }]);
    await telegram.setMyCommands([{ command: 'admin', description: 'Admin' }], {
      scope: { type: 'chat', chat_id: 1001 },
    });
    expect(await telegram.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(emu.commandsFor({ type: 'chat', chat_id: 1001 })).toEqual([{ command: 'admin', description: 'Admin' }]);
    await telegram.deleteMyCommands();
    expect(emu.commandsFor()).toEqual([]);
  });

  it('runs a full round trip with a polling telegraf bot: command, button, edit', async () => {
    const emu = await startEmulator();
    const payloads: string[] = [];
    const { errors } = await launchBot(emu, (bot) => {
      bot.start(async (ctx) => {
        payloads.push(ctx.payload);
        await ctx.reply(`Hi ${ctx.from.first_name}`, Markup.inlineKeyboard([Markup.button.callback('Pick', 'x:y')]));
      });
      bot.action('x:y', async (ctx) => {
        await ctx.answerCbQuery('picked');
        await ctx.editMessageText('picked x:y');
      });
    });

    const waiting = emu.waitForMessage(LAN.id);
    emu.sendText(LAN, '/start abc');
    const menu = await waiting;
    expect(menu).toMatchObject({
      text: 'Hi Lan',
      reply_markup: { inline_keyboard: [[{ text: 'Pick', callback_data: 'x:y' }]] },
    });
    expect(payloads).toEqual(['abc']);

    emu.pressButton(LAN, menu.message_id, 'x:y');
    const edited = await emu.waitFor(() => emu.messagesIn(LAN.id).find((m) => m.edited));
    expect(edited).toMatchObject({ message_id: menu.message_id, text: 'picked x:y' });
    expect(emu.callsOf('answerCallbackQuery')[0]?.params).toMatchObject({ text: 'picked' });
    expect(() => emu.pressButton(LAN, 42, 'x:y')).toThrow(/no bot message 42/);
    expect(errors).toEqual([]);
  });

  it('injects errors once, then resumes normal service', async () => {
    const emu = await startEmulator();
    const { telegram } = apiBot(emu);

    emu.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const tooMany = await telegram.sendMessage(LAN.id, 'a').catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(TelegramError);
    expect(tooMany).toMatchObject({ code: 429, parameters: { retry_after: 1 } });
    expect((await telegram.sendMessage(LAN.id, 'b')).text).toBe('b');

    emu.failNext(
      'sendMessage',
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { chatId: MAI.id },
    );
    await expect(telegram.sendMessage(LAN.id, 'c')).resolves.toMatchObject({ text: 'c' });
    await expect(telegram.sendMessage(MAI.id, 'd')).rejects.toMatchObject({ code: 403 });
    await expect(telegram.sendMessage(MAI.id, 'e')).resolves.toMatchObject({ text: 'e' });

    emu.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, { times: 2 });
    const raw = await api(emu, 'sendMessage', { chat_id: 1001, text: 'f' });
    expect(raw).toEqual({ status: 500, json: { ok: false, error_code: 500, description: 'Internal Server Error' } });
    await expect(telegram.sendMessage(LAN.id, 'g')).rejects.toMatchObject({ code: 500 });
    await expect(telegram.sendMessage(LAN.id, 'h')).resolves.toMatchObject({ text: 'h' });

    expect(emu.messagesIn(LAN.id).map((m) => m.text)).toEqual(['b', 'c', 'h']);
    expect(emu.callsOf('sendMessage').map((c) => c.ok)).toEqual([false, true, true, false, true, false, false, true]);
  });

  it('answers 403 for every send/edit to a user who blocked the bot', async () => {
    const emu = await startEmulator();
    const { telegram } = apiBot(emu);
    const sent = await telegram.sendMessage(LAN.id, 'before');
    emu.blockUser(LAN.id);
    await expect(telegram.sendMessage(LAN.id, 'x')).rejects.toMatchObject({
      code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await expect(telegram.editMessageText(LAN.id, sent.message_id, undefined, 'y')).rejects.toMatchObject({
      code: 403,
    });
    await expect(telegram.sendMessage(MAI.id, 'fine')).resolves.toBeDefined();
  });

  it('delays the next call of a method', async () => {
    const emu = await startEmulator();
    emu.delayNext('sendChatAction', 300);
    let started = Date.now();
    expect((await api(emu, 'sendChatAction', { chat_id: 1001, action: 'typing' })).json.result).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    started = Date.now();
    await api(emu, 'sendChatAction', { chat_id: 1001, action: 'typing' });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('rejects unknown methods with 404 and wrong tokens with 401', async () => {
    const emu = await startEmulator();
    expect(await api(emu, 'sendSpaceship', {})).toEqual({
      status: 404,
      json: { ok: false, error_code: 404, description: 'Not Found: method not found' },
    });
    await expect(apiBot(emu).telegram.callApi('sendSpaceship' as never, {} as never)).rejects.toMatchObject({
      code: 404,
    });
    expect(await api(emu, 'getMe', {}, '999:WRONG')).toEqual({
      status: 401,
      json: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
  });

  it("hands out files users sent through getFile and the download path, with Telegram's refusals", async () => {
    const emu = await startEmulator();
    const telegram = apiBot(emu).telegram;
    emu.sendUserFile(LAN, { kind: 'document', fileId: 'DOC-1', fileName: 'a.xlsx', bytes: Buffer.from('PK-bytes') });
    emu.sendUserFile(LAN, { kind: 'document', fileId: 'BIG-1', fileName: 'big.xlsx', fileSize: 20 * 1024 * 1024 + 1 });
    const update = (await api(emu, 'getUpdates', {})).json.result[0];
    expect(update.message.document).toMatchObject({ file_id: 'DOC-1', file_name: 'a.xlsx', file_size: 8 });

    // Before getFile, no path serves the file; after it, the path does, with the token only.
    expect((await fetch(`${emu.apiRoot}/file/bot${emu.token}/documents/file_1`)).status).toBe(404);
    const file = await telegram.getFile('DOC-1');
    expect(file).toMatchObject({ file_id: 'DOC-1', file_size: 8, file_path: 'documents/file_1' });
    const link = await telegram.getFileLink(file);
    const response = await fetch(link);
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('PK-bytes');
    expect((await fetch(`${emu.apiRoot}/file/bot999:WRONG/${file.file_path}`)).status).toBe(404);

    await expect(telegram.getFile('BIG-1')).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: file is too big',
    });
    await expect(telegram.getFile('NOPE')).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: invalid file_id',
    });
  });

  it('waitFor rejects with the recent calls listed', async () => {
    const emu = await startEmulator();
    await apiBot(emu).telegram.sendMessage(LAN.id, 'something else');
    const error = await emu
      .waitFor(() => emu.callsOf('sendPhoto')[0], { timeoutMs: 100 })
      .then(
        () => new Error('waitFor should have timed out'),
        (e: unknown) => e as Error,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('timed out after 100 ms');
    expect(error.message).toContain('sendMessage {"chat_id":1001,"text":"something else"} -> ok');
  });

  it('exposes a control API for manual trials', async () => {
    const emu = await startEmulator();
    const control = (path: string, body?: unknown): Promise<Loose> =>
      fetch(
        `${emu.apiRoot}/_emulator/${path}`,
        body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
      ).then((r) => r.json());

    const { update_id } = await control('send', { userId: 1001, firstName: 'Lan', text: 'hello' });
    expect((await api(emu, 'getUpdates', {})).json.result[0]).toMatchObject({
      update_id,
      message: { text: 'hello', from: { first_name: 'Lan' } },
    });

    await apiBot(emu).telegram.sendMessage(1001, 'menu', Markup.inlineKeyboard([Markup.button.callback('A', 'a')]));
    const chat = await control('chat/1001');
    expect(chat).toEqual([expect.objectContaining({ message_id: 2, text: 'menu' })]);

    const pressed = await control('press', { userId: 1001, messageId: 2, data: 'a' });
    const updates = (await api(emu, 'getUpdates', { offset: update_id + 1 })).json.result;
    expect(updates[0]).toMatchObject({
      update_id: pressed.update_id,
      callback_query: { data: 'a', message: { message_id: 2, text: 'menu' } },
    });
    expect((await control('calls')).map((c: Loose) => c.method)).toContain('sendMessage');

    const sent = await control('file', {
      userId: 1001,
      kind: 'document',
      fileName: 'cong-van.pdf',
      caption: 'Công văn',
    });
    const fileUpdate = (await api(emu, 'getUpdates', { offset: pressed.update_id + 1 })).json.result[0];
    expect(fileUpdate).toMatchObject({
      update_id: sent.update_id,
      message: { caption: 'Công văn', document: { file_name: 'cong-van.pdf' } },
    });
  });

  it('stops cleanly while a telegraf bot is polling', async () => {
    const emu = await TelegramEmulator.start();
    const bot = apiBot(emu);
    const errors: unknown[] = [];
    bot.catch((err) => {
      errors.push(err);
    });
    void bot.launch().catch((err: unknown) => errors.push(err));
    await emu.waitFor(() => emu.pollPending);

    const started = Date.now();
    await emu.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(emu.callsOf('getUpdates').at(-1)?.response).toEqual({ ok: true, result: [] });
    // The bot now retries against a closed port in the background; stopping it is all that is left.
    bot.stop('test over');
    expect(errors).toEqual([]);
  });
});

describe("TelegramEmulator enforces Telegram's limits", () => {
  const refusal = async (emu: TelegramEmulator, method: string, body: Record<string, unknown>) => {
    const { status, json } = await api(emu, method, { chat_id: LAN.id, ...body });
    return status === 200 ? 'ok' : `${status} ${json.description}`;
  };

  it('counts text length after HTML parsing, in UTF-16 code units', async () => {
    const emu = await startEmulator();
    // 4,096 visible characters written with tags and entities: accepted.
    const escaped = `<b>${'&amp;'.repeat(2000)}</b><i>${'x'.repeat(2096)}</i>`;
    expect(await refusal(emu, 'sendMessage', { text: escaped, parse_mode: 'HTML' })).toBe('ok');
    expect(await refusal(emu, 'sendMessage', { text: 'ệ'.repeat(4096) })).toBe('ok');
    expect(await refusal(emu, 'sendMessage', { text: 'ệ'.repeat(4097) })).toBe('400 Bad Request: message is too long');
    // An emoji outside the BMP counts twice, as in Telegram.
    expect(await refusal(emu, 'sendMessage', { text: `${'x'.repeat(4095)}😀` })).toBe(
      '400 Bad Request: message is too long',
    );
    expect(await refusal(emu, 'sendMessage', { text: `<b>${'&lt;'.repeat(4097)}</b>`, parse_mode: 'HTML' })).toBe(
      '400 Bad Request: message is too long',
    );
    expect(await refusal(emu, 'sendMessage', { text: '<b> </b>', parse_mode: 'HTML' })).toBe(
      '400 Bad Request: message text is empty',
    );
    // Edits follow the same rule; a refused edit leaves the message as it was.
    const first = emu.lastMessageIn(LAN.id)!;
    expect(await refusal(emu, 'editMessageText', { message_id: first.message_id, text: 'y'.repeat(4097) })).toBe(
      '400 Bad Request: message is too long',
    );
    expect(emu.lastMessageIn(LAN.id)?.text).toBe(first.text);
    expect(emu.messagesIn(LAN.id)).toHaveLength(2);
  });

  it('refuses captions over 1,024 characters after parsing', async () => {
    const emu = await startEmulator();
    expect(
      await refusal(emu, 'sendPhoto', { photo: 'P1', caption: `<b>${'&amp;'.repeat(1024)}</b>`, parse_mode: 'HTML' }),
    ).toBe('ok');
    expect(await refusal(emu, 'sendDocument', { document: 'D1', caption: 'x'.repeat(1025) })).toBe(
      '400 Bad Request: message caption is too long',
    );
    expect(
      await refusal(emu, 'sendPhoto', { photo: 'P1', caption: `<i>${'x'.repeat(1025)}</i>`, parse_mode: 'HTML' }),
    ).toBe('400 Bad Request: message caption is too long');
    expect(await refusal(emu, 'copyMessage', { from_chat_id: LAN.id, message_id: 1, caption: 'x'.repeat(1025) })).toBe(
      '400 Bad Request: message caption is too long',
    );
    expect(emu.messagesIn(LAN.id)).toHaveLength(1);
  });

  it('sends an album of 2–10 uploads sharing a media_group_id, refusing what Telegram refuses', async () => {
    const emu = await startEmulator();
    const telegram = apiBot(emu).telegram;
    const png = (width: number, height: number) => {
      const header = Buffer.alloc(33);
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
      header.writeUInt32BE(13, 8);
      header.write('IHDR', 12, 'latin1');
      header.writeUInt32BE(width, 16);
      header.writeUInt32BE(height, 20);
      return header;
    };
    const photo = (width: number, height: number, caption?: string) => ({
      type: 'photo' as const,
      media: { source: png(width, height), filename: `${width}x${height}.png` },
      ...(caption === undefined ? {} : { caption }),
    });
    const sent = await telegram.sendMediaGroup(LAN.id, [photo(1080, 700, 'Biểu đồ 1'), photo(1080, 900)]);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.media_group_id).toBeDefined();
    expect(sent[1]!.media_group_id).toBe(sent[0]!.media_group_id);
    expect((sent[0] as Loose).photo[0]).toMatchObject({ width: 1080, height: 700 });
    const stored = emu.messagesIn(LAN.id);
    expect(stored.map((m) => [m.kind, m.caption, m.file?.name, m.file?.bytes?.length])).toEqual([
      ['photo', 'Biểu đồ 1', '1080x700.png', 33],
      ['photo', undefined, '1080x900.png', 33],
    ]);

    const refused = async (media: unknown[]) =>
      telegram.sendMediaGroup(LAN.id, media as never).then(
        () => 'ok',
        (err: TelegramError) => err.description,
      );
    expect(await refused([photo(10, 10)])).toMatch(/^Bad Request: media group must include 2-10 items/);
    expect(await refused([])).toBe('Bad Request: there are no messages to send');
    expect(await refused(Array.from({ length: 11 }, () => photo(10, 10)))).toBe(
      'Bad Request: too many messages to send as an album',
    );
    expect(await refused([photo(10, 10), photo(10, 10, 'x'.repeat(1025))])).toBe(
      'Bad Request: message caption is too long',
    );
    expect(
      await refused([photo(10, 10), { type: 'document', media: { source: Buffer.from('a'), filename: 'a.csv' } }]),
    ).toBe("Bad Request: document can't be mixed with other media types");
    expect(await refused([photo(10, 10), { type: 'sticker', media: 'S1' }])).toBe(
      'Bad Request: can\'t parse InputMedia: type "sticker" is unsupported',
    );
    // Photo limits: width + height ≤ 10000, aspect ratio ≤ 20, readable image bytes, 10 MB.
    expect(await refused([photo(10, 10), photo(6000, 4001)])).toBe('Bad Request: PHOTO_INVALID_DIMENSIONS');
    expect(await refused([photo(10, 10), photo(2100, 100)])).toBe('Bad Request: PHOTO_INVALID_DIMENSIONS');
    expect(
      await refused([
        photo(10, 10),
        { type: 'photo', media: { source: Buffer.from('not an image'), filename: 'x.png' } },
      ]),
    ).toBe('Bad Request: IMAGE_PROCESS_FAILED');
    const big = Buffer.concat([png(1000, 1000), Buffer.alloc(10 * 1024 * 1024)]);
    expect(await refused([photo(10, 10), { type: 'photo', media: { source: big, filename: 'big.png' } }])).toBe(
      'Bad Request: file is too big',
    );
    // An attach:// name with no part behind it.
    const { json } = await api(emu, 'sendMediaGroup', {
      chat_id: LAN.id,
      media: [
        { type: 'photo', media: 'attach://one' },
        { type: 'photo', media: 'attach://two' },
      ],
    });
    expect(json.description).toBe("Bad Request: can't parse InputMedia: media not found");
    // Nothing of a refused album was sent; sendPhoto uploads are checked the same way.
    expect(emu.messagesIn(LAN.id)).toHaveLength(2);
    await expect(telegram.sendPhoto(LAN.id, { source: png(50, 1200), filename: 'tall.png' })).rejects.toThrow(
      'PHOTO_INVALID_DIMENSIONS',
    );
    await telegram.sendPhoto(LAN.id, { source: png(1080, 800), filename: 'one.png' });
    expect(emu.lastMessageIn(LAN.id)).toMatchObject({ kind: 'photo', photoSize: { width: 1080, height: 800 } });
  });

  it("accepts Telegram's HTML and refuses unknown, unbalanced or unescaped markup", async () => {
    const emu = await startEmulator();
    const valid = [
      '<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins> <s>s</s> <strike>s</strike> <del>d</del>',
      '<span class="tg-spoiler">x</span> <tg-spoiler>y</tg-spoiler> <a href="https://t.me/x?a=1&amp;b=2">link</a>',
      '<code>a &lt; b</code> <pre><code class="language-ts">x &gt; 1</code></pre> <blockquote expandable>q</blockquote>',
      '<B>upper</B> &quot;quoted&quot; &#8364; &#x20AC; <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
      '<b>bold <i>and italic</i></b>',
    ];
    for (const text of valid) expect(await refusal(emu, 'sendMessage', { text, parse_mode: 'HTML' }), text).toBe('ok');
    const invalid = [
      'a < b',
      'a > b',
      'Phường A & B',
      '&nbsp;',
      '<div>x</div>',
      '<br>',
      '<b>open',
      'close</b>',
      '<b><i>crossed</b></i>',
      '<span>no class</span>',
      '<a>no href</a>',
      '<b',
    ];
    for (const text of invalid) {
      expect(await refusal(emu, 'sendMessage', { text, parse_mode: 'HTML' }), text).toMatch(
        /^400 Bad Request: can't parse entities: /,
      );
    }
    // The same characters are fine without parse_mode, and captions are parsed too.
    expect(await refusal(emu, 'sendMessage', { text: 'a < b & c > d <div>' })).toBe('ok');
    expect(await refusal(emu, 'sendPhoto', { photo: 'P1', caption: 'A & B', parse_mode: 'HTML' })).toMatch(
      /^400 Bad Request: can't parse entities/,
    );
    expect(emu.messagesIn(LAN.id)).toHaveLength(valid.length + 1);
  });

  it('refuses callback data over 64 bytes, empty button labels and keyboards over 100 buttons', async () => {
    const emu = await startEmulator();
    const keyboard = (rows: { text: string; callback_data?: string; url?: string }[][]) => ({
      text: 'x',
      reply_markup: { inline_keyboard: rows },
    });
    expect(await refusal(emu, 'sendMessage', keyboard([[{ text: 'A', callback_data: 'x'.repeat(64) }]]))).toBe('ok');
    expect(await refusal(emu, 'sendMessage', keyboard([[{ text: 'A', callback_data: 'x'.repeat(65) }]]))).toBe(
      '400 Bad Request: BUTTON_DATA_INVALID',
    );
    // Bytes, not characters: 22 Vietnamese letters of 3 bytes each are 66 bytes.
    expect(await refusal(emu, 'sendMessage', keyboard([[{ text: 'A', callback_data: 'ệ'.repeat(22) }]]))).toBe(
      '400 Bad Request: BUTTON_DATA_INVALID',
    );
    expect(await refusal(emu, 'sendMessage', keyboard([[{ text: 'A', callback_data: '' }]]))).toBe(
      '400 Bad Request: BUTTON_DATA_INVALID',
    );
    expect(await refusal(emu, 'sendMessage', keyboard([[{ text: ' ', callback_data: 'a' }]]))).toBe(
      '400 Bad Request: BUTTON_TEXT_INVALID',
    );
    expect(await refusal(emu, 'sendMessage', keyboard([[{ text: 'A' }]]))).toMatch(
      /^400 Bad Request: can't parse inline keyboard button/,
    );
    expect(await refusal(emu, 'sendMessage', keyboard([[{ text: 'Web', url: 'https://example.org' }]]))).toBe('ok');
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [{ text: `B${i}`, callback_data: `b${i}` }]);
    expect(await refusal(emu, 'sendMessage', keyboard(rows(100)))).toBe('ok');
    expect(await refusal(emu, 'sendMessage', keyboard(rows(101)))).toBe('400 Bad Request: reply markup is too long');
    expect(await refusal(emu, 'sendMessage', keyboard([rows(9).flat()]))).toBe(
      '400 Bad Request: reply markup is too long',
    );
    const sent = emu.lastMessageIn(LAN.id)!;
    expect(
      await refusal(emu, 'editMessageReplyMarkup', {
        message_id: sent.message_id,
        reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] },
      }),
    ).toBe('400 Bad Request: BUTTON_DATA_INVALID');
    expect(
      await refusal(emu, 'sendPhoto', {
        photo: 'P',
        reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] },
      }),
    ).toBe('400 Bad Request: BUTTON_DATA_INVALID');
  });

  it('tells a telegraf bot why, as a TelegramError it can act on', async () => {
    const emu = await startEmulator();
    const error = await apiBot(emu)
      .telegram.sendMessage(LAN.id, 'x'.repeat(5000))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramError);
    expect((error as TelegramError).response).toMatchObject({
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
  });
});
