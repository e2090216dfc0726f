import fs from 'node:fs/promises';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { PRODUCT_FLAGS } from '../../../bench/productFlags.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The production image (issue 18.6). Debian packages no hadolint, so the Dockerfile is checked
 * with dockerfile-utils, the linter of the Docker language server, and parsed for what packreg
 * itself promises: Node of the major `engines` is tested on, an init process, a health check,
 * a non-root user.
 */
describe('Dockerfile', async () => {
  const text = await fs.readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
  const instructions = DockerfileParser.parse(text).getInstructions();
  const final = instructions.slice(instructions.map((i) => i.getKeyword()).lastIndexOf('FROM'));
  const args = (keyword: string) => final.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');

  it('passes the linter with no finding', () => {
    expect(validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds and runs on the Node major that engines names and CI tests (24), bookworm-slim', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const minimum = Number(/^>=(\d+)/.exec(pkg.engines.node)?.[1]);
    const ci = await fs.readFile(path.join(ROOT, '.ci/run'), 'utf8');
    const ciMajor = Number(/PACKREG_CI_NODE:-(\d+)\./.exec(ci)?.[1]);
    const froms = instructions.filter((i) => i.getKeyword() === 'FROM').map((i) => i.getArgumentsContent() ?? '');
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) {
      const major = Number(/^node:(\d+)-bookworm-slim\b/.exec(from)?.[1]);
      expect(major, from).toBe(ciMajor);
      expect(major, from).toBeGreaterThanOrEqual(minimum);
    }
  });

  it('runs under an init process, as a non-root user, with a health check on /healthz', () => {
    expect(args('ENTRYPOINT').join(' ')).toMatch(/^\["\/usr\/bin\/tini", "--", "node"/);
    expect(args('RUN').join(' ')).toMatch(/apt-get install[^&]*\btini\b/);
    expect(args('USER')).toEqual(['node']);
    const health = args('HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]).toMatch(/\/healthz/);
    expect(text).toMatch(/^HEALTHCHECK --interval=\S+ --timeout=\S+/m);
  });

  it('starts node with the V8 flags bin/packreg.js names in its #! line (young generation 16 MB; the rest are set at run time, src/tuneV8.ts)', async () => {
    const flags = PRODUCT_FLAGS; // read from bin/packreg.js's #! line
    expect(flags).toEqual(['--max-semi-space-size=16']);
    const entry = JSON.parse(args('ENTRYPOINT').join(' ')) as string[];
    expect(entry.slice(entry.indexOf('node') + 1, entry.indexOf('/app/bin/packreg.js'))).toEqual(flags);
  });
});
