import { Option } from 'commander';
import { parsePositiveInt, type Say } from '../options.js';

/**
 * The options every reseller list shares (issue 20): whose data, how many rows, where to go on.
 * `--reseller` is required: the lists show one reseller's own data (SPEC §7), as the API does
 * for a token's reseller.
 */
export function listOptions(say: Say): Option[] {
  return [
    new Option('--reseller <code>', say({ ja: '販売店コード(その販売店のデータだけを表示)', en: "reseller code (only that reseller's data is shown)" })).makeOptionMandatory(),
    new Option('--limit <n>', say({ ja: '1 ページの件数(1〜200、既定 50)', en: 'rows per page (1-200, default 50)' })).argParser(parsePositiveInt),
    new Option('--cursor <cursor>', say({ ja: '前のページが表示した続きの cursor', en: 'the cursor the previous page printed, for the next page' })),
  ];
}

/** `--since` / `--until`: a calendar date in Asia/Tokyo. */
export function dateOption(flag: '--since' | '--until', say: Say): Option {
  return new Option(`${flag} <date>`, flag === '--since'
    ? say({ ja: 'この日以降(YYYY-MM-DD、日本時間)', en: 'on or after this date (YYYY-MM-DD, Asia/Tokyo)' })
    : say({ ja: 'この日以前(YYYY-MM-DD、日本時間)', en: 'on or before this date (YYYY-MM-DD, Asia/Tokyo)' }));
}
