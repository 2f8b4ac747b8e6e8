// How string environment variables become typed settings (lists, weights, packs, flags).
import { Transform } from 'class-transformer';

export const WEIGHT_NAMES = ['mustHave', 'niceToHave', 'text', 'experience', 'seniority', 'location', 'salary'];

/** `mustHave:35,text:20,...` -> weights; anything malformed -> undefined (reported by IsObject). */
export function parseWeights(value: string): Record<string, number> | undefined {
  const weights: Record<string, number> = {};
  for (const pair of value.split(',')) {
    const [name, raw] = pair.split(':').map((p) => p.trim());
    const weight = Number(raw);
    if (!WEIGHT_NAMES.includes(name) || raw === undefined || raw === '' || !Number.isFinite(weight) || weight < 0) return undefined;
    weights[name] = weight;
  }
  return WEIGHT_NAMES.every((n) => n in weights) && Object.values(weights).some((w) => w > 0) ? weights : undefined;
}

export interface CreditPack {
  name: string;
  credits: number;
  /** Minor units (cents). */
  price: number;
  currency: string;
}

/** `calibration:10:25000:USD,batch-20:20:45000:USD` -> packs; malformed -> undefined (reported). */
export function parsePacks(value: string): CreditPack[] | undefined {
  const packs: CreditPack[] = [];
  for (const entry of value.split(',')) {
    const m = /^([a-z0-9-]{1,40}):(\d{1,6}):(\d{1,12}):([A-Z]{3})$/.exec(entry.trim());
    if (!m || Number(m[2]) === 0) return undefined;
    packs.push({ name: m[1], credits: Number(m[2]), price: Number(m[3]), currency: m[4] });
  }
  return packs.length > 0 && new Set(packs.map((p) => p.name)).size === packs.length ? packs : undefined;
}

export const flag = () => Transform(({ value }) => (typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value));
export const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

