// Retry-After (RFC 9110, section 10.2.3), as a 429 or 503 carries it: how long the other side
// asks us to wait, given either as delay-seconds or as an HTTP date.

/** The wait a Retry-After value asks for, in ms; undefined when it is absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with the day's name (IMF-fixdate, RFC 850 and asctime forms alike).
  const at = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
