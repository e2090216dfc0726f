import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { makeLogger } from '../../src/log.js';

/**
 * SPEC §7: tokens never appear in logs, personal data is redacted. Request headers are dropped
 * whole wherever a library logs them, and a token in any other place (a deep path, a message,
 * an error) is blanked in the finished line.
 */
function capture() {
  const lines: string[] = [];
  const log = makeLogger('trace', new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
  return { log, text: () => lines.join('') };
}

const TOKEN = `packreg_${'0123456789abcdef'.repeat(2)}_${'Zz9-_'.repeat(8)}abc`;
// The secret is everything after packreg_<32 hex>_ (base64url: it may hold '_' itself).
const SECRET = TOKEN.slice('packreg_'.length + 33);

describe('log redaction', () => {
  it('drops request headers whole at any of the first three levels (as @fastify/multipart logs them)', () => {
    const { log, text } = capture();
    const headers = { authorization: `Bearer ${TOKEN}`, cookie: `sid=${SECRET}`, 'x-api-key': SECRET };
    log.trace({ headers }, 'a');
    log.trace({ busboyOptions: { headers, limits: { files: 1 } } }, 'b');
    log.trace({ req: { raw: { headers } } }, 'c');
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain('"limits":{"files":1}');
    expect(text().match(/\[redacted\]/g)).toHaveLength(3);
  });

  it('blanks a token anywhere else: a deep path, a message, an error, a bare Bearer value', () => {
    const { log, text } = capture();
    log.trace({ a: { b: { c: { d: { token: TOKEN } } } } }, 'deep');
    log.debug(`token was ${TOKEN}`);
    log.error({ err: new Error(`bad Authorization: Bearer ${TOKEN}`) }, 'error');
    log.info({ sent: 'Authorization: Bearer opaque-thing-42' }, 'another shape');
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain('opaque-thing-42');
    expect(text()).toContain('Bearer [redacted]');
    expect(text()).toContain('deep');
  });

  it('still redacts personal data and keeps the rest', () => {
    const { log, text } = capture();
    log.info({ row: { address: '東京都港区芝公園4-2-8', phone: '0312345678', pack_serial: 'HW-1' } }, 'row');
    expect(text()).not.toContain('芝公園');
    expect(text()).not.toContain('0312345678');
    expect(text()).toContain('HW-1');
  });
});

describe('log lines say which process wrote them (issue 18.4)', () => {
  it('carry pid and hostname', async () => {
    const os = await import('node:os');
    const { log, text } = capture();
    log.info('hello');
    const line = JSON.parse(text()) as Record<string, unknown>;
    expect(line).toMatchObject({ app: 'packreg', pid: process.pid, hostname: os.hostname(), msg: 'hello' });
  });
});
