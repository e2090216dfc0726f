import fs from 'node:fs';
import path from 'node:path';

/**
 * The V8 flags packreg runs with as installed: the ones bin/packreg.js's `#!` line gives node
 * (the Dockerfile's ENTRYPOINT the same). The benchmark's processes get them too, so their
 * figures are the product's, not a bare `node`'s.
 */
export const PRODUCT_FLAGS: readonly string[] = (() => {
  const bin = fs.readFileSync(path.resolve(import.meta.dirname, '../bin/packreg.js'), 'utf8');
  return /^#!\/usr\/bin\/env -S node((?: --[a-z-]+(?:=\S+)?)*)\n/.exec(bin)?.[1]?.trim().split(' ').filter(Boolean) ?? [];
})();
