/** What one delivery attempt came to. */
export interface WebhookAttempt {
  /** The final HTTP status, or null when no response came (refused, timed out, refused redirect). */
  readonly httpStatus: number | null;
  readonly ok: boolean;
  /** Why it failed, for the attempt log (never a response body). */
  readonly error: string | null;
  /** At most EXCERPT_BYTES of the response body, for the reseller to see what its server said. */
  readonly excerpt: string | null;
  readonly durationMs: number;
}

/** Bytes of a response body kept: enough for "ok" or an error line, never a whole page. */
export const EXCERPT_BYTES = 256;
const MAX_REDIRECTS = 3;

/**
 * POST `body` to `url` once, as a webhook delivery: JSON, the given headers, within `timeoutMs`
 * for the whole exchange (connect, redirects, first bytes of the body). Success is a 2xx answer.
 * Redirects are followed only to the same origin (scheme, host and port) and at most
 * MAX_REDIRECTS times, re-posting the same body: a redirect elsewhere would send the signed
 * payload to a host the reseller never named. The response body is read only up to
 * EXCERPT_BYTES, then the connection is dropped.
 */
export async function postWebhook(url: string, body: string, headers: Readonly<Record<string, string>>, timeoutMs: number): Promise<WebhookAttempt> {
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  const done = (fields: Omit<WebhookAttempt, 'durationMs'>): WebhookAttempt => ({ ...fields, durationMs: Math.round(performance.now() - started) });
  let target = new URL(url);
  try {
    for (let hop = 0; ; hop += 1) {
      const response = await fetch(target, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'packreg-webhook/1', ...headers },
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        const next = new URL(location, target);
        if (next.origin !== target.origin) {
          return done({ httpStatus: response.status, ok: false, error: `redirect to another host refused (${next.host})`, excerpt: null });
        }
        if (hop >= MAX_REDIRECTS) return done({ httpStatus: response.status, ok: false, error: `more than ${MAX_REDIRECTS} redirects`, excerpt: null });
        target = next;
        continue;
      }
      const excerpt = await readExcerpt(response);
      const ok = response.status >= 200 && response.status < 300;
      return done({ httpStatus: response.status, ok, error: ok ? null : `HTTP ${response.status}`, excerpt });
    }
  } catch (error) {
    return done({ httpStatus: null, ok: false, error: signal.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : networkError(error), excerpt: null });
  }
}

async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES);
  // A multi-byte character cut at the end shows as U+FFFD, never as an exception.
  return bytes.length > 0 ? new TextDecoder('utf-8', { fatal: false }).decode(bytes) : null;
}

/** The network error's code and message (fetch wraps them in a TypeError's `cause`). */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const text = cause?.code ? `${cause.code}${cause.message ? `: ${cause.message}` : ''}` : error instanceof Error ? error.message : String(error);
  return text.slice(0, 300);
}
