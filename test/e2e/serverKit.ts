import net from 'node:net';
import { Writable } from 'node:stream';
import { makeLogger, type Logger } from '../../src/log.js';

/** A trace-level logger whose every line is kept, to assert on what the server logs. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = makeLogger('trace', new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
  return { log, lines };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * How the client ends its side: `wait` sends everything and reads the answer; `half-close` sends
 * what it has, then shuts its write side (FIN) before the declared Content-Length is reached and
 * reads whatever comes back; `destroy` drops the connection shortly after sending.
 */
export type ClientEnd = 'wait' | 'half-close' | 'destroy';

/**
 * One HTTP/1.1 exchange over a plain socket, so a test can send what fetch refuses to: a body
 * shorter than its Content-Length, a broken multipart body, a connection closed mid-request.
 * Resolves with the parsed answer, or null when the server sent none before the socket closed.
 */
export function rawExchange(baseUrl: string, head: string, body: Buffer, end: ClientEnd = 'wait'): Promise<RawResponse | null> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 30 s'));
    }, 30_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the server answered and closed is normal here; the answer is what counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
    socket.on('connect', () => {
      socket.write(Buffer.concat([Buffer.from(head.replace(/\r?\n/g, '\r\n')), Buffer.from('\r\n'), body]));
      if (end === 'half-close') socket.end();
      if (end === 'destroy') setTimeout(() => socket.destroy(), 100);
    });
  });
}

function parseResponse(raw: Buffer): RawResponse | null {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const [statusLine, ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  }));
  let body = raw.subarray(split + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status: Number(statusLine!.split(' ')[1]), headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    out.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Parsed log lines from `lines[from…]`. */
export function logEntries(lines: readonly string[], from = 0): Array<Record<string, unknown>> {
  return lines.slice(from).join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}
