/**
 * Which failed requests to Telegram could not have reached it, so sending again cannot
 * deliver a message twice. One classification for the outbox and for direct replies.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** Network errors raised before a connection existed, so before the request could reach Telegram. */
export const NEVER_LEFT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What was seen of the HTTP request behind one API call. */
export interface RequestTrace {
  request?: ClientRequest;
}

const traces = new AsyncLocalStorage<RequestTrace>();
let subscribed = false;

/**
 * Runs one API call while noting the HTTP request it makes (Node's `http.client.request.start`
 * channel, published synchronously where the request is created, so inside this call's
 * async context). Returns the call's result; the trace is filled in either way.
 */
export function traced<T>(trace: RequestTrace, call: () => Promise<T>): Promise<T> {
  if (!subscribed) {
    subscribed = true;
    diagnostics.subscribe('http.client.request.start', (message) => {
      const store = traces.getStore();
      if (store && !store.request) store.request = (message as { request: ClientRequest }).request;
    });
  }
  return traces.run(trace, call);
}

/**
 * True when a failed call's request cannot have reached Telegram: refused or unresolvable, or
 * a kept-alive connection the server had already closed ("socket hang up" / ECONNRESET on a
 * reused socket before any byte of an answer). The last is Node's documented rule for
 * retrying on keep-alive (http docs, `request.reusedSocket`).
 */
export function neverLeft(error: unknown, trace: RequestTrace = {}): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (NEVER_LEFT.has(code)) return true;
  const request = trace.request as (ClientRequest & { res?: unknown }) | undefined;
  return code === 'ECONNRESET' && request?.reusedSocket === true && !request.res;
}
