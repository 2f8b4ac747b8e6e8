// How string environment variables become typed settings (lists, weights, packs, flags), and
// the small decorators the settings are declared with.
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsInt, Max, Min, registerDecorator } from 'class-validator';

export const WEIGHT_NAMES = ['mustHave', 'niceToHave', 'text', 'experience', 'seniority', 'location', 'salary'];

/** What a parser returns for a malformed value: the reason, shown as the variable's message. */
export interface Unparsable {
  readonly unparsable: string;
}
const unparsable = (why: string): Unparsable => ({ unparsable: why });
const isUnparsable = (value: unknown): value is Unparsable => typeof value === 'object' && value !== null && 'unparsable' in value;

/** `mustHave:35,text:20,...` -> weights, or why not (naming the unknown or missing key). */
export function parseWeights(value: string): Record<string, number> | Unparsable {
  const weights: Record<string, number> = {};
  for (const pair of value.split(',')) {
    const [name, raw] = pair.split(':').map((p) => p.trim());
    if (!WEIGHT_NAMES.includes(name)) return unparsable(`has an unknown weight "${name}" (known: ${WEIGHT_NAMES.join(', ')})`);
    const weight = Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(weight) || weight < 0) return unparsable(`needs a number of 0 or more for "${name}" (name:weight)`);
    weights[name] = weight;
  }
  const missing = WEIGHT_NAMES.filter((n) => !(n in weights));
  if (missing.length > 0) return unparsable(`lacks a weight for ${missing.join(', ')}`);
  return Object.values(weights).some((w) => w > 0) ? weights : unparsable('needs at least one weight above 0');
}

export interface CreditPack {
  name: string;
  credits: number;
  /** Minor units (cents). */
  price: number;
  currency: string;
}

/** `calibration:10:25000:USD,batch-20:20:45000:USD` -> packs, or why not. */
export function parsePacks(value: string): CreditPack[] | Unparsable {
  const packs: CreditPack[] = [];
  for (const entry of value.split(',')) {
    const m = /^([a-z0-9-]{1,40}):(\d{1,6}):(\d{1,12}):([A-Z]{3})$/.exec(entry.trim());
    if (!m || Number(m[2]) === 0) return unparsable(`has "${entry.trim()}", not name:credits:price:currency (e.g. calibration:10:25000:USD)`);
    packs.push({ name: m[1], credits: Number(m[2]), price: Number(m[3]), currency: m[4] });
  }
  if (new Set(packs.map((p) => p.name)).size !== packs.length) return unparsable('names a pack twice');
  return packs;
}

/** The value parsed (see parseWeights, parsePacks); otherwise the parser's reason is the message. */
export function IsParsedSetting(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isParsedSetting',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => !isUnparsable(value),
        defaultMessage: (args) => (isUnparsable(args?.value) ? args.value.unparsable : 'is malformed'),
      },
    });
}

/** An integer setting in min..max (the loader words the rule from these). */
export const IntSetting = (min: number, max?: number) => applyDecorators(Type(() => Number), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));

const FLAGS: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };
/** true/false, 1/0, yes/no; anything else stays a string, which IsBoolean then refuses. */
export const flag = () => Transform(({ value }) => (typeof value === 'string' && value.toLowerCase() in FLAGS ? FLAGS[value.toLowerCase()] : value));
export const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
