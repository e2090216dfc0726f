import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.js';
import { jsonOption, langOption, parsePositiveInt, type Say } from '../options.js';

/** `packreg serve [--port N] [--host ADDR]` (SPEC §7 HTTP): see actions/serveAction.ts. */
export function registerServe(program: Command, say: Say): void {
  program
    .command('serve')
    .description(say({
      ja: 'アップロード API と画面を提供する(トークンは packreg token create で発行)',
      en: 'serve the upload API and page (bearer tokens from `packreg token create`)',
    }))
    .option('--port <n>', say({ ja: '待ち受けるポート(既定: PACKREG_PORT または 8080。0 は空いているポート)', en: 'port to listen on (default: PACKREG_PORT or 8080; 0 = any free port)' }), parsePositiveInt)
    .option('--host <addr>', say({ ja: '待ち受けるアドレス(既定: PACKREG_HOST または 127.0.0.1)', en: 'address to listen on (default: PACKREG_HOST or 127.0.0.1)' }))
    .addOption(jsonOption(say, { ja: '開始と停止を JSON で標準出力に出す({ url, engine }、{ stopped })', en: 'print start and stop as JSON on stdout ({ url, engine }, { stopped })' }))
    .addOption(langOption(say))
    .action(lazyAction(() => import('../actions/serveAction.js').then((m) => m.serveAction)));
}
