// Personal data out of text that people without access to a candidate's contact details may
// see (match evidence): email addresses, phone numbers, profile links and the person's name
// are replaced by placeholders. Dates and year ranges are not phone numbers. Pure.

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'()]+|\b(?:[a-z0-9-]+\.)*(?:linkedin|github|gitlab|xing|twitter|x|facebook|instagram|stackoverflow|behance|dribbble|medium)\.com\/[^\s<>"'()]*/giu;
const PHONE = /(?<![\p{L}\p{N}+])\+?\(?\d[\d\s().\/-]{4,}\d(?![\p{L}\p{N}])/gu;
const YEAR = /^(19|20)\d\d$/;
const MONTH = /^(0?[1-9]|1[0-2])$/;

/** True for digit runs that are dates or periods ("2019 - 2023", "03/2016 - 12/2019", "2020-01"). */
function isDateLike(candidate: string): boolean {
  const groups = candidate.match(/\d+/g) ?? [];
  return groups.every((g) => YEAR.test(g) || MONTH.test(g)) && groups.some((g) => YEAR.test(g));
}

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15 && !isDateLike(candidate);
}

// Only the characters that are syntax in a `u` regex (escaping others, like `-`, is an error there).
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const REDACTED = { email: '[email]', phone: '[phone]', link: '[link]', name: '[name]' } as const;

/** `text` without contact details and without the words of `name`. */
export function redactPersonalData(text: string, name?: string | null): string {
  let out = text.replace(EMAIL, REDACTED.email).replace(LINK, REDACTED.link);
  out = out.replace(PHONE, (match) => {
    // Keep surrounding spaces the pattern may have taken at its edges.
    const trimmed = match.trim();
    return isPhone(trimmed) ? match.replace(trimmed, REDACTED.phone) : match;
  });
  const parts = (name ?? '').split(/\s+/).filter((p) => p.length >= 2 && /\p{L}/u.test(p));
  if (parts.length > 0) {
    const whole = new RegExp(`(?<![\\p{L}\\p{N}])${parts.map(escape).join('\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
    out = out.replace(whole, REDACTED.name);
    for (const part of parts) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(part)}(?![\\p{L}\\p{N}])`, 'giu'), REDACTED.name);
  }
  return out;
}
