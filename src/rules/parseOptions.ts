/** One option device: model (upper-cased) and quantity. */
export interface OptionEntry {
  readonly model: string;
  readonly quantity: number;
}

export type ParseOptionsResult =
  | { readonly ok: true; readonly entries: readonly OptionEntry[] }
  | { readonly ok: false; readonly code: 'OPTIONS_FORMAT' | 'OPTIONS_QUANTITY'; readonly entry: string };

const SEPARATORS = /[;、,\r\n]+/;
const MODEL = /^[A-Z0-9-]+$/;
// `*`, `×` or a lower-case `x` separate model and quantity. An upper-case X is part of a model
// ("LAN-X2"); a lower-case one only counts when a number ends the entry ("abcx2", not "box").
const WITH_QUANTITY = /^(.+?)\s*(?:[*×]|x(?=\s*-?\d+(?:\.\d+)?$))\s*(.*)$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Parse an options cell (SPEC §3): entries separated by `;`, `、`, `,` or a line break; each is
 * `MODEL`, `MODEL*QTY`, `MODELxQTY` or `MODEL×QTY`; quantity 1–99, default 1; models are letters,
 * digits and `-`. Pure: the caller NFKC-normalises first (full-width `＊`, `；`, digits). A blank
 * cell is an empty list. Dash look-alikes are expected to be folded to `-` already.
 */
export function parseOptions(text: string): ParseOptionsResult {
  if (text === '') return NONE;
  // A row's options cell is parsed up to three times (normalised, pass 1, pass 2), and an
  // application's rows repeat it: the last answer is kept, frozen, for the next call.
  if (text !== lastText) {
    lastResult = deepFreeze(parse(text));
    lastText = text;
  }
  return lastResult;
}

function deepFreeze(result: ParseOptionsResult): ParseOptionsResult {
  if (result.ok) {
    for (const entry of result.entries) Object.freeze(entry);
    Object.freeze(result.entries);
  }
  return Object.freeze(result);
}

const NONE: ParseOptionsResult = deepFreeze({ ok: true, entries: [] });
let lastText = '';
let lastResult: ParseOptionsResult = NONE;

function parse(text: string): ParseOptionsResult {
  const entries: OptionEntry[] = [];
  for (const part of text.split(SEPARATORS)) {
    const entry = part.replace(/[\s\u3000]+/g, ' ').trim();
    if (entry === '') continue;
    const parsed = parseEntry(entry);
    if ('code' in parsed) return { ok: false, code: parsed.code, entry };
    entries.push(parsed);
  }
  return { ok: true, entries };
}

function parseEntry(entry: string): OptionEntry | { code: 'OPTIONS_FORMAT' | 'OPTIONS_QUANTITY' } {
  const m = WITH_QUANTITY.exec(entry);
  const modelText = (m ? m[1]! : entry).replace(/ /g, '').toUpperCase();
  if (!MODEL.test(modelText)) return { code: 'OPTIONS_FORMAT' };
  if (!m) return { model: modelText, quantity: 1 };
  const qtyText = m[2]!.replace(/ /g, '');
  if (!NUMBER.test(qtyText)) return { code: 'OPTIONS_FORMAT' };
  const quantity = Number(qtyText);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 99) return { code: 'OPTIONS_QUANTITY' };
  return { model: modelText, quantity };
}

/** No options: one frozen empty list. */
export const NO_OPTIONS: readonly OptionEntry[] = Object.freeze([]);

/**
 * One entry per option model: a model listed twice (`A*2;A*3`) counts once with the sum (the
 * import's pass 2 and `change options`).
 */
export function mergeOptions(entries: readonly OptionEntry[]): readonly OptionEntry[] {
  if (entries.length === 0) return NO_OPTIONS;
  const byModel = new Map<string, number>();
  for (const e of entries) byModel.set(e.model, (byModel.get(e.model) ?? 0) + e.quantity);
  return [...byModel].map(([model, quantity]) => ({ model, quantity }));
}

/** The canonical text of a parsed list: `MODEL*QTY;MODEL*QTY`. */
export function formatOptions(entries: readonly OptionEntry[]): string {
  return entries.map((e) => `${e.model}*${e.quantity}`).join(';');
}
