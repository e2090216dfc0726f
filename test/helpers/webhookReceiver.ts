import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type WebhookReceiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * A real HTTP receiver on 127.0.0.1 for the resellers' webhooks. Each path answers from its own
 * script of statuses (the last one repeats; 200 when the path has none); `/hop` redirects to
 * another host name of the same server (localhost).
 */
export async function startReceiver(script: Record<string, number[]> = {}) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path === '/hop') {
        res.writeHead(307, { location: `http://localhost:${(server.address() as AddressInfo).port}/elsewhere` }).end();
        return;
      }
      const statuses = script[path] ?? [200];
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      // A long answer: only a short excerpt of it may be kept.
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : `boom ${'x'.repeat(10_000)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The receiver's side of docs/webhooks.md, written with node:crypto alone (not packreg's signer). */
export function verify(secret: string, header: string, body: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return expected === parts.v1;
}
