/**
 * "🎯 Chỉ tiêu năm" for the cluster leader: where the year's targets stand, "📥 Tải mẫu chỉ
 * tiêu" (the sheet to fill in, as a document) and "📤 Gửi tệp chỉ tiêu" (a prompt waiting for
 * the filled-in sheet). The file is downloaded within Telegram's limits, read and checked
 * (domain/targets-sheet.ts): its problems are listed (row, column, what is wrong), or a
 * preview of the changes comes with ✅ Áp dụng / ✖️ Hủy; applying writes and audits
 * (services/targets.ts). The pending import is kept in the conversation state with a nonce
 * its confirm button carries, so an old preview's button is refused politely.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { SheetError } from '../../domain/targets-sheet.js';
import { MAX_TEXT, visibleLength } from '../../domain/telegram-limits.js';
import { local } from '../../domain/time.js';
import { MAX_SHEET_FILE_BYTES, readTargetsFile, targetsTemplate } from '../../documents/targets-xlsx.js';
import { esc, vi } from '../../i18n/vi.js';
import { TARGETS_LIST_MAX } from '../../i18n/vi/targets.js';
import { ledCluster } from '../../services/people.js';
import {
  importInputSchema,
  importTargets,
  previewTargets,
  targetsOverview,
  type TargetsState,
} from '../../services/targets.js';
import type { BotContext } from '../context.js';
import { downloadFile } from '../download.js';
import { button, cancelButton, endPrompt, Feature, seg, type IncomingFile } from '../feature.js';
import { buttonGrid, buttonRows } from '../keyboards.js';
import { answeringRefusals } from '../refusals.js';
import { replyHtml } from '../reply.js';

/** The year's overview (another year than the one shown). */
export const targetsYearButton = button('tg:y', seg.year);
/** "📥 Tải mẫu chỉ tiêu" of a year. */
export const targetsTemplateButton = button('tg:t', seg.year);
/** "📤 Gửi tệp chỉ tiêu" of a year: opens the prompt waiting for the file. */
export const targetsUploadButton = button('tg:u', seg.year);
/** "✅ Áp dụng" under a preview: the nonce of the pending import it applies. */
export const targetsApplyButton = button('tg:a', seg.id);

const refusals = {
  year: vi.targets.badYear,
  // The cluster's units or indicators changed (a config sync) between the preview and ✅ Áp dụng.
  unknown_unit: vi.targets.changedSincePreview,
  unknown_indicator: vi.targets.changedSincePreview,
  value: vi.targets.changedSincePreview,
};
const cancel = { code: 'c', said: vi.targets.cancelled };

/**
 * Larger files are refused before downloading: a targets sheet is a few KB, and a workbook is
 * unpacked in memory to be read (Telegram would allow 20 MB).
 */
const MAX_SHEET_BYTES = MAX_SHEET_FILE_BYTES;

/** Room left in one message for the listed problems or changes, whatever the sheet holds. */
const MESSAGE_BUDGET = MAX_TEXT - 400;

export const targets = new Feature('targets');

const filePrompt = targets.prompt(
  'targets_file',
  z.object({ kind: z.literal('targets_file'), clusterId: z.number().int(), year: z.number().int() }),
  {
    forwarded: 'refuse',
    emptyText: 'pass',
    cancel,
    onText: async (ctx) => void (await ctx.reply(vi.targets.waitingFile, cancelKeyboard())),
    onFile: (ctx, state, file) => takeFile(ctx, state.year, file),
  },
);

const pendingTarget = importInputSchema.shape.targets.element;
const confirmPrompt = targets.prompt(
  'targets_confirm',
  z.object({
    kind: z.literal('targets_confirm'),
    clusterId: z.number().int(),
    year: z.number().int(),
    nonce: z.number().int(),
    targets: z.array(pendingTarget),
  }),
  {
    forwarded: 'refuse',
    emptyText: 'pass',
    cancel,
    onText: async (ctx) => void (await ctx.reply(vi.targets.waitingConfirm)),
    // Another file replaces the pending one.
    onFile: (ctx, state, file) => takeFile(ctx, state.year, file),
  },
);

function cancelKeyboard() {
  return buttonRows([{ text: vi.button.cancel, data: cancelButton.data(cancel.code) }]);
}

/** The 🎯 message of `year` (this year by default, Vietnam time). */
async function showOverview(ctx: BotContext, year?: number): Promise<void> {
  const thisYear = local(ctx.deps.clock.now()).year();
  const shown = year ?? thisYear;
  const state = await targetsOverview(ctx.deps, ctx.actor!, { year: shown });
  const cells = new Set(state.targets.map((t) => `${t.unitId}/${t.indicator}`));
  const missing = state.units
    .map((u) => ({ unitName: u.name, count: state.indicators.filter((i) => !cells.has(`${u.id}/${i.key}`)).length }))
    .filter((m) => m.count > 0);
  const lastChange = state.targets.reduce<Date | undefined>(
    (latest, t) => (!latest || t.updatedAt > latest ? t.updatedAt : latest),
    undefined,
  );
  const text = vi.targets.overview({
    year: shown,
    indicators: state.indicators,
    units: state.units.length,
    set: state.targets.length,
    imported: state.targets.filter((t) => t.source === 'import').length,
    missing,
    ...(lastChange ? { lastChange } : {}),
  });
  const other = shown === thisYear ? thisYear + 1 : thisYear;
  const rows: { text: string; data: string }[][] = state.indicators.length
    ? [
        [{ text: vi.targets.templateButton, data: targetsTemplateButton.data(shown) }],
        [{ text: vi.targets.uploadButton, data: targetsUploadButton.data(shown) }],
      ]
    : [];
  rows.push([{ text: vi.targets.yearButton(other), data: targetsYearButton.data(other) }]);
  await replyHtml(ctx, text, buttonGrid(rows));
}

async function sendTemplate(ctx: BotContext, year: number): Promise<void> {
  const state = await targetsOverview(ctx.deps, ctx.actor!, { year });
  const file = await targetsTemplate(state);
  await ctx.replyWithDocument(
    { source: file.bytes, filename: file.fileName },
    { caption: vi.targets.templateCaption(year) },
  );
}

async function askForFile(ctx: BotContext, year: number): Promise<void> {
  // Checks the rights and the year before waiting for anything.
  await targetsOverview(ctx.deps, ctx.actor!, { year });
  await filePrompt.open(ctx, { kind: 'targets_file', clusterId: ledCluster(ctx.actor!).clusterId, year });
  await ctx.reply(vi.targets.askFile(year), cancelKeyboard());
}

/**
 * A file at the prompt: checked (a document, .xlsx, not over the limit), downloaded, read;
 * its problems said (the prompt stays open for a corrected file), or its preview shown.
 */
async function takeFile(ctx: BotContext, year: number, file: IncomingFile): Promise<void> {
  await answeringRefusals(
    ctx,
    async () => {
      const clusterId = ledCluster(ctx.actor!).clusterId;
      if (file.kind !== 'document') return void (await ctx.reply(vi.targets.notADocument));
      if (file.fileName !== null && !/\.xlsx$/i.test(file.fileName))
        return void (await replyHtml(ctx, vi.targets.notXlsx(file.fileName)));
      const downloaded = await downloadFile(ctx, file, MAX_SHEET_BYTES);
      if (!downloaded.ok)
        return void (await ctx.reply(
          downloaded.reason === 'too_big'
            ? vi.targets.tooBig(Math.round(MAX_SHEET_BYTES / 1024 / 1024))
            : vi.targets.downloadFailed,
        ));
      const state: TargetsState = await targetsOverview(ctx.deps, ctx.actor!, { year });
      const read = await readTargetsFile(downloaded.bytes, {
        units: state.units,
        indicators: state.indicators,
        // Under "📅 Năm 2027" a sheet named for 2026 is refused, never applied to 2026.
        askedYear: year,
      });
      if (!read.ok) {
        // The prompt stays open (its clock restarted) for the corrected file.
        await filePrompt.open(ctx, { kind: 'targets_file', clusterId, year });
        return void (await replyHtml(ctx, errorsMessage(read.errors), cancelKeyboard()));
      }
      const preview = await previewTargets(ctx.deps, ctx.actor!, { year: read.year, targets: read.targets });
      if (preview.changes.length === 0) {
        await endPrompt(ctx);
        return void (await ctx.reply(vi.targets.noChange(read.year)));
      }
      const nonce = randomInt(1, 2_000_000_000);
      await confirmPrompt.open(ctx, {
        kind: 'targets_confirm',
        clusterId,
        year: read.year,
        nonce,
        targets: preview.changes.map((c) => ({ unitCode: c.unitCode, indicator: c.indicator, value: c.newValue })),
      });
      await replyHtml(
        ctx,
        fitted((listed) => vi.targets.preview({ ...preview, listed }), preview.changes.length),
        buttonGrid([
          [
            { text: vi.targets.applyButton, data: targetsApplyButton.data(nonce) },
            { text: vi.button.cancel, data: cancelButton.data(cancel.code) },
          ],
        ]),
      );
    },
    refusals,
  );
}

/** The problems, the first ones listed (as many as fit one message, at most TARGETS_LIST_MAX), the rest counted. */
function errorsMessage(errors: SheetError[]): string {
  const lines = errors.map((e) => vi.targets.sheetError(e));
  return fitted((listed) => vi.targets.errors(lines.slice(0, listed), errors.length), lines.length);
}

/** `render(listed)` with the most items listed (≤ TARGETS_LIST_MAX) that keeps one message under Telegram's limit. */
function fitted(render: (listed: number) => string, total: number): string {
  let listed = Math.min(total, TARGETS_LIST_MAX);
  let text = render(listed);
  while (listed > 0 && visibleLength(text) > MESSAGE_BUDGET) text = render(--listed);
  return text;
}

/** ✅ Áp dụng: the pending import, if this button is its latest preview's, written and audited. */
async function apply(ctx: BotContext, nonce: number): Promise<void> {
  if (!ctx.actor!.leaderOf) return void (await ctx.reply(vi.notAllowed));
  const pending = await confirmPrompt.current(ctx);
  if (!pending || pending.nonce !== nonce) return void (await ctx.reply(vi.targets.stalePreview));
  const result = await importTargets(ctx.deps, ctx.actor!, { year: pending.year, targets: pending.targets });
  await endPrompt(ctx);
  // The buttons of the applied preview go; an old message that cannot be edited keeps them (a second tap is refused as stale).
  await ctx
    .editMessageReplyMarkup(undefined)
    .catch((error: unknown) => ctx.deps.log.debug('preview buttons not removed', { error }));
  if (result.changes.length === 0) return void (await ctx.reply(vi.targets.appliedNothing(pending.year)));
  await replyHtml(
    ctx,
    esc(vi.targets.applied({ year: result.year, changed: result.changes.length, units: result.units })),
  );
}

targets
  .onMenu('targets', (ctx) => showOverview(ctx), refusals)
  .onButton(targetsYearButton, (ctx, [y]) => showOverview(ctx, y), { refusals })
  .onButton(targetsTemplateButton, (ctx, [y]) => sendTemplate(ctx, y), { refusals })
  .onButton(targetsUploadButton, (ctx, [y]) => askForFile(ctx, y), { refusals })
  .onButton(targetsApplyButton, (ctx, [nonce]) => apply(ctx, nonce), { refusals });
