// Duplicate detection without storing who the person is twice: normalised email, phone (E.164)
// and profile URLs, each as an HMAC under a server secret. Equal people give equal
// fingerprints; a fingerprint alone reveals nothing.
import { createHmac } from 'node:crypto';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export function normalizeEmail(email: string): string | null {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  let local = trimmed.slice(0, at).replace(/\+.*$/, '');
  let domain = trimmed.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  // Gmail ignores dots in the local part: j.doe and jdoe are one inbox.
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return local ? `${local}@${domain}` : null;
}

export function normalizePhone(phone: string, defaultRegion: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, defaultRegion as CountryCode);
  return parsed?.isPossible() ? parsed.number : null;
}

/** `https://www.LinkedIn.com/in/Jane-Doe/?utm=x` and `linkedin.com/in/jane-doe` are one profile. */
export function normalizeProfileUrl(url: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) ? url.trim() : `https://${url.trim()}`;
  try {
    const parsed = new URL(withScheme);
    if (!['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname.includes('.')) return null;
    const host = parsed.hostname.toLowerCase().replace(/^(www|m|[a-z]{2})\./, '');
    const path = parsed.pathname.replace(/\/+$/, '').toLowerCase();
    return `${host}${path}`;
  } catch {
    return null;
  }
}

export interface ContactDetails {
  email?: string;
  phone?: string;
  links?: string[];
}

/** Sorted and unique, so two submissions of one person meet on the same first key. */
export function fingerprints(contact: ContactDetails, secret: string, defaultRegion: string): string[] {
  const values: string[] = [];
  const email = contact.email ? normalizeEmail(contact.email) : null;
  if (email) values.push(`email:${email}`);
  const phone = contact.phone ? normalizePhone(contact.phone, defaultRegion) : null;
  if (phone) values.push(`phone:${phone}`);
  for (const link of contact.links ?? []) {
    const url = normalizeProfileUrl(link);
    if (url) values.push(`url:${url}`);
  }
  const hashes = values.map((v) => createHmac('sha256', secret).update(v).digest('base64url'));
  return [...new Set(hashes)].sort();
}
