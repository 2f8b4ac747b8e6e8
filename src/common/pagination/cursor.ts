// Opaque cursor pagination over a stable order (a sort field, then _id as tie-breaker).
// The cursor is the last item's sort key, encoded; clients never build or parse it.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, MaxLength } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';
import { IsOptionalNotNull } from '../validation/optional.js';
import { ErrorCode } from '../errors/error-codes.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A query-string integer, clamped into min..max rather than refused; a non-number stays for IsInt to refuse. */
export const clampedInt = (min: number, max: number) =>
  Transform(({ value }) => {
    const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : n;
  });

/** `limit` is clamped to 1..100 rather than refused; a non-number is still a 400. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `Items per page; values outside 1..${MAX_PAGE_SIZE} are clamped.` })
  @IsOptionalNotNull()
  @clampedInt(1, MAX_PAGE_SIZE)
  @IsInt({ message: 'limit must be an integer' })
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ maxLength: 512, description: 'The `nextCursor` of the previous page; omit for the first page.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type SortValue = string | number | Date;
interface CursorBody {
  v: string | number;
  d?: 1;
  id: string;
}

export function encodeCursor(value: SortValue, id: string): string {
  const body: CursorBody = value instanceof Date ? { v: value.toISOString(), d: 1, id } : { v: value, id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string): { value: SortValue; id: string } {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
    const okValue = typeof body.v === 'string' || typeof body.v === 'number';
    if (!okValue || typeof body.id !== 'string') throw new Error('shape');
    const value = body.d === 1 ? new Date(body.v) : body.v;
    if (value instanceof Date && Number.isNaN(value.getTime())) throw new Error('date');
    return { value, id: body.id };
  } catch {
    throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not one this API returned');
  }
}

export interface SortSpec {
  field: string;
  direction: 1 | -1;
}

/** The MongoDB filter for "after the cursor" and the matching sort, _id breaking ties. */
export function keyset(sort: SortSpec, cursor?: string): { filter: Record<string, unknown>; sort: Record<string, 1 | -1> } {
  const order = { [sort.field]: sort.direction, _id: sort.direction } as Record<string, 1 | -1>;
  if (!cursor) return { filter: {}, sort: order };
  const { value, id } = decodeCursor(cursor);
  const op = sort.direction === 1 ? '$gt' : '$lt';
  return { filter: { $or: [{ [sort.field]: { [op]: value } }, { [sort.field]: value, _id: { [op]: id } }] }, sort: order };
}

/** Turns `limit + 1` fetched rows into a page: the extra row only says there is more. */
export function toPage<T extends { _id: string }, R>(rows: T[], limit: number, sortField: keyof T, map: (row: T) => R): Page<R> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: more && last ? encodeCursor(last[sortField] as SortValue, last._id) : null };
}
