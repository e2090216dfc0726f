import { PackregError } from '../domain/PackregError.js';

const MAX_URL_CHARS = 2_000;

/**
 * A webhook URL as stored: absolute http(s), no user name or password in it (they would be shown
 * back by `webhook show` and sent to every redirect), no fragment. Anything else is
 * WEBHOOK_URL_INVALID with the reason in both languages.
 */
export function checkWebhookUrl(text: string): string {
  const refuse = (ja: string, en: string) => new PackregError('WEBHOOK_URL_INVALID', { url: text.slice(0, 200), reason: { ja, en } });
  if (text.length > MAX_URL_CHARS) throw refuse(`${MAX_URL_CHARS} 文字を超えています`, `it is longer than ${MAX_URL_CHARS} characters`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw refuse('URL として読み取れません', 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(`${url.protocol} の URL には送れません`, `${url.protocol} URLs are not supported`);
  if (url.username || url.password) throw refuse('URL に利用者名・パスワードを含めることはできません', 'it must not carry a user name or password');
  if (url.hash) throw refuse('URL に # 以降を含めることはできません', 'it must not carry a fragment (#…)');
  return url.toString();
}
