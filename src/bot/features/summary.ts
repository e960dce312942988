/**
 * The consolidated summary in chat: the leader's "📈 Tổng hợp" (choose a window, then one
 * message: completeness, indicators against targets, units still low, proposals, guidance;
 * then the charts as an album and the files' buttons)
 * and a unit's "📈 Tiến độ chỉ tiêu" (its own indicators, rank and the cluster's median).
 * Workflows: services/summary.ts; words: i18n/vi/summary.ts.
 */
import { z } from 'zod';
import { vi } from '../../i18n/vi.js';
import {
  listSummaryWindows,
  summarise,
  summaryDocuments,
  unitProgress,
  type SummaryWindowOption,
} from '../../services/summary.js';
import type { SummaryFile } from '../../documents/common.js';
import { summaryCharts, type SummaryChart } from '../../documents/summary-charts.js';
import { summaryCsv } from '../../documents/summary-csv.js';
import { summaryDraft } from '../../documents/summary-docx.js';
import { summaryWorkbook } from '../../documents/summary-xlsx.js';
import type { ClusterSummary } from '../../domain/summary/build.js';
import {
  summaryFileButton,
  summaryFilesKeyboard,
  summaryXlsxButton,
  type SummaryFileKind,
} from '../../services/summary-buttons.js';
import type { SummaryDocumentData } from '../../services/summary.js';
import type { BotContext } from '../context.js';
import { button, Feature, seg } from '../feature.js';
import { buttonRows } from '../keyboards.js';
import { replyHtml } from '../reply.js';

/** Who the summary is for: the leader's whole cluster ("l") or a unit's own progress ("u"). */
const audience = z.enum(['l', 'u']);

/** A window chosen: "sm:w:<audience>:<schedule>:<window>". */
export const summaryWindowButton = button('sm:w', audience, seg.code, seg.windowKey);
/** More windows to choose from (older ones). */
export const summaryPageButton = button('sm:p', audience, seg.page);

/** Windows offered per screen: the latest first. */
const PAGE_SIZE = 8;

const refusals = {
  window: vi.summary.staleWindow,
  window_not_started: vi.summary.windowNotStarted,
};

/** The windows to choose from, a page of them, with "⏩ Kỳ khác" while older ones remain. */
async function chooseWindow(ctx: BotContext, who: 'l' | 'u', page = 0): Promise<void> {
  // The cluster's summary is the leader's; a contact's forged or old button gets a refusal.
  if (who === 'l' && !ctx.actor!.leaderOf) return void (await ctx.reply(vi.notAllowed));
  const windows = await listSummaryWindows(ctx.deps, ctx.actor!);
  if (windows.length === 0) return void (await ctx.reply(vi.summary.noWindow));
  const shown = windows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const several = new Set(windows.map((w) => w.scheduleCode)).size > 1;
  const label = (w: SummaryWindowOption) =>
    `${several ? `${w.templateTitle} · ` : ''}${vi.summary.windowButton(w.window, w.ended)}`;
  const keyboard = buttonRows([
    ...shown.map((w) => ({ text: label(w), data: summaryWindowButton.data(who, w.scheduleCode, w.window.key) })),
    ...(windows.length > (page + 1) * PAGE_SIZE
      ? [{ text: vi.button.more, data: summaryPageButton.data(who, page + 1) }]
      : []),
  ]);
  await ctx.reply(who === 'l' ? vi.summary.chooseWindow : vi.summary.chooseProgressWindow, keyboard);
}

/**
 * The leader's summary: one message, then the charts as an album (one chart: a photo), then
 * the files' buttons in a message of their own (an album carries no buttons). Without
 * charts, the buttons sit under the summary message. Charts that fail to render or to send
 * are logged and left out: the summary and the buttons still come.
 */
async function showSummary(ctx: BotContext, schedule: string, window: string): Promise<void> {
  const summary = await summarise(ctx.deps, ctx.actor!, { windowKey: `${schedule}:${window}` });
  const files = summaryFilesKeyboard(schedule, window);
  const charts = await renderCharts(ctx, summary);
  await replyHtml(ctx, vi.summary.message(summary, summary.correspondence), charts.length ? undefined : files);
  if (charts.length === 0) return;
  await sendCharts(ctx, summary, charts);
  await ctx.reply(vi.summary.charts.filesPrompt(vi.summary.windowName(summary.window)), files);
}

/** The summary's charts, or none (logged) when they cannot be drawn. */
async function renderCharts(ctx: BotContext, summary: ClusterSummary): Promise<SummaryChart[]> {
  try {
    return await summaryCharts(summary);
  } catch (error) {
    ctx.deps.log.error('summary charts could not be rendered', { window: summary.window.key, error });
    return [];
  }
}

/** An album of the charts (Telegram: 2–10 items), or a single photo; a refusal is logged. */
async function sendCharts(ctx: BotContext, summary: ClusterSummary, charts: SummaryChart[]): Promise<void> {
  const media = (chart: SummaryChart) => ({ source: chart.bytes, filename: chart.fileName });
  try {
    if (charts.length === 1) await ctx.replyWithPhoto(media(charts[0]!), { caption: charts[0]!.caption });
    else
      await ctx.replyWithMediaGroup(
        charts.slice(0, 10).map((chart) => ({ type: 'photo', media: media(chart), caption: chart.caption })),
      );
  } catch (error) {
    ctx.deps.log.error('summary charts could not be sent', { window: summary.window.key, error });
  }
}

/** How each file is written (documents/). */
const writers: Record<SummaryFileKind, (data: SummaryDocumentData) => SummaryFile | Promise<SummaryFile>> = {
  x: summaryWorkbook,
  d: summaryDraft,
  c: summaryCsv,
};

/** One of the window's files, computed afresh (a late report since the message is in it). */
async function sendFile(ctx: BotContext, kind: SummaryFileKind, schedule: string, window: string): Promise<void> {
  const data = await summaryDocuments(ctx.deps, ctx.actor!, { windowKey: `${schedule}:${window}` });
  const { fileName, bytes } = await writers[kind](data);
  await ctx.replyWithDocument(
    { source: bytes, filename: fileName },
    { caption: vi.summary.fileCaption[kind](vi.summary.windowName(data.summary.window)) },
  );
}

async function showProgress(ctx: BotContext, key: string): Promise<void> {
  await replyHtml(ctx, vi.summary.progress(await unitProgress(ctx.deps, ctx.actor!, { windowKey: key })));
}

export const summary = new Feature('summary')
  .onMenu('summary', (ctx) => chooseWindow(ctx, 'l'))
  .onMenu('progress', (ctx) => chooseWindow(ctx, 'u'))
  .onCommand('tonghop', (ctx) => chooseWindow(ctx, 'l'))
  .onCommand('tiendo', (ctx) => chooseWindow(ctx, 'u'))
  .onButton(summaryPageButton, (ctx, [who, page]) => chooseWindow(ctx, who, page))
  .onButton(
    summaryWindowButton,
    (ctx, [who, schedule, window]) =>
      who === 'l' ? showSummary(ctx, schedule, window) : showProgress(ctx, `${schedule}:${window}`),
    { refusals },
  )
  .onButton(summaryFileButton, (ctx, [kind, schedule, window]) => sendFile(ctx, kind, schedule, window), { refusals })
  .onButton(summaryXlsxButton, (ctx, [schedule, window]) => sendFile(ctx, 'x', schedule, window), { refusals });
