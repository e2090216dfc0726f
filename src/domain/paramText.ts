/**
 * Text for anything a message may be handed: a thrown value of any kind, an object, an array.
 * Issue 15: PGlite throws emscripten `ErrnoError` objects that are not `Error`s, and
 * `String(error)` turned one into "[object Object]" in front of the user. This never does:
 * an Error-like value shows its code and message (or its name and errno), other objects their
 * JSON, and nothing here throws (a hostile `toString` included).
 */
export function paramText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'symbol') return value.description ?? 'symbol';
  if (typeof value === 'function') return value.name || 'function';
  if (Array.isArray(value)) return value.map(paramText).join(', ');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof AggregateError && value.errors.length > 0) return paramText(value.errors[0]);
  const o = value as Record<string, unknown>;
  const message = typeof o.message === 'string' && o.message !== '' ? o.message : null;
  const code = typeof o.code === 'string' || typeof o.code === 'number' ? String(o.code) : null;
  if (message) return code ? `${code}: ${message}` : message;
  const name = typeof o.name === 'string' && o.name !== '' ? o.name : null;
  if (name && (code || o.errno !== undefined)) return `${name} ${code ?? `errno ${String(o.errno)}`}`;
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    if (json !== undefined && json !== '{}') return json;
  } catch {
    // A cycle or a throwing getter: fall through to the name.
  }
  return name ?? (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'object';
}

type Params = Readonly<Record<string, unknown>>;

/**
 * A param written in both languages — what packreg itself says about a problem (`detail: { ja,
 * en }`) — so a message in one language carries no fragment of the other (issue 17: "(binary
 * data)" inside a Japanese message). Stored as it is (error_params are JSON) and picked when a
 * message is rendered, so a report rebuilt in the other language says it in that one.
 */
export interface Localized {
  readonly ja: string;
  readonly en: string;
}

export function isLocalized(value: unknown): value is Localized {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  return typeof o.ja === 'string' && typeof o.en === 'string' && Object.keys(o).length === 2;
}

/**
 * The params a catalog template receives: primitives as they are (templates test and format
 * numbers), `Localized` values in `lang`, arrays with their objects made text (templates join
 * lists), every other object made text. Applied by the renderers, so no template can show
 * "[object Object]".
 */
export function printableParams(params: Params, lang: 'ja' | 'en'): Params {
  let plain = true;
  for (const key in params) {
    const v = params[key];
    if (v !== null && typeof v === 'object') {
      plain = false;
      break;
    }
  }
  if (plain) return params;
  const text = (v: unknown): unknown => (isLocalized(v) ? v[lang] : v !== null && typeof v === 'object' ? paramText(v) : v);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(params)) out[key] = Array.isArray(v) ? v.map(text) : text(v);
  return out;
}
