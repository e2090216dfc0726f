/**
 * Typed readers of environment variables, for `config.ts` and the settings modules beside the code
 * they configure. Not zod: every command reads its configuration first, and loading zod costs
 * ≈ 0.1 s of a 0.3 s `packreg inspect` (issue 19, BENCHMARKS.md "Start-up"). zod stays for the row
 * schema, which only the commands that validate rows load.
 *
 * A field turns the variable's text (undefined when unset or empty) into its value, or throws an
 * `EnvFieldError` whose message names what was expected.
 */
export type EnvField<T> = (raw: string | undefined) => T;

export type EnvShape = Record<string, EnvField<unknown>>;

/** The values of a shape's fields, typed by field. */
export type EnvValues<S extends EnvShape> = { readonly [K in keyof S]: ReturnType<S[K]> };

export class EnvFieldError extends Error {}

interface IntOptions {
  readonly min?: number;
  readonly max?: number;
}

/** A whole number (decimal digits, surrounding blanks ignored) within `min`..`max`; `min` defaults to 1. */
export function intField(fallback: number, { min = 1, max = Number.MAX_SAFE_INTEGER }: IntOptions = {}): EnvField<number> {
  return (raw) => {
    if (raw === undefined) return fallback;
    const text = raw.trim();
    const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new EnvFieldError(`a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`} expected, got "${raw}"`);
    }
    return value;
  };
}

interface TextOptions {
  readonly pattern?: RegExp;
  /** What the pattern asks for, in the error message. */
  readonly expected?: string;
}

/** Any text (or `fallback` when unset) matching `pattern` if one is given. */
export function textField(fallback: string, options: TextOptions = {}): EnvField<string> {
  const read = optionalTextField(options);
  return (raw) => read(raw) ?? fallback;
}

/** Like `textField`, but undefined when unset. */
export function optionalTextField({ pattern, expected }: TextOptions = {}): EnvField<string | undefined> {
  return (raw) => {
    if (raw !== undefined && pattern !== undefined && !pattern.test(raw)) {
      throw new EnvFieldError(`${expected ?? `text matching ${pattern}`} expected, got "${raw}"`);
    }
    return raw;
  };
}

/** One of `values` (exactly as written), or `fallback` when unset. */
export function oneOfField<const V extends readonly string[]>(values: V, fallback: V[number]): EnvField<V[number]> {
  return (raw) => {
    if (raw === undefined) return fallback;
    if (!values.includes(raw)) throw new EnvFieldError(`one of ${values.join(', ')} expected, got "${raw}"`);
    return raw as V[number];
  };
}

/**
 * A URL with an authority (`scheme://…`, as database and SMTP URLs are written), or undefined when
 * unset. The value is never echoed: URLs carry passwords.
 */
export function urlField(): EnvField<string | undefined> {
  return (raw) => {
    if (raw !== undefined && !(/^[a-z][a-z\d+.-]*:\/\//iu.test(raw) && URL.canParse(raw))) {
      throw new EnvFieldError('a URL (scheme://…) expected');
    }
    return raw;
  };
}

/**
 * Read every field of `shape` from `env`. An empty variable (`DATABASE_URL=`) means "not set", as
 * shells and container specs write it. Returns the values, or the problems as `NAME: message`.
 */
export function readEnv<S extends EnvShape>(
  shape: S,
  env: NodeJS.ProcessEnv,
): { readonly values: EnvValues<S>; readonly problems: readonly string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, field] of Object.entries(shape)) {
    const raw = env[name];
    try {
      values[name] = field(raw === '' ? undefined : raw);
    } catch (error) {
      if (!(error instanceof EnvFieldError)) throw error;
      problems.push(`${name}: ${error.message}`);
    }
  }
  return { values: values as EnvValues<S>, problems };
}
