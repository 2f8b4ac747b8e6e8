// The audit log of admin actions (audit.schema.ts): begun before an action runs, finished after
// it, read newest first in pages and exported as CSV.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { keyset, type Page, toPage } from '../../common/pagination/cursor.js';
import type { Principal } from '../auth/roles.js';
import { UsersService } from '../auth/users.service.js';
import { type AuditActor, AuditEntry, type AuditOutcome } from './audit.schema.js';

/** A stored value larger than this (as JSON) is replaced by a note of its size. */
export const AUDIT_VALUE_MAX_BYTES = 16 * 1024;

export interface AuditView {
  id: string;
  at: Date;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string | null;
  outcome: AuditOutcome;
  request: unknown;
  before: unknown;
  after: unknown;
  error: { status: number; code: string } | null;
  requestId: string;
  finishedAt: Date | null;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditStart {
  principal: Principal;
  action: string;
  targetType: string;
  targetId: string | null;
  request: unknown;
  before: unknown;
  requestId: string;
}

/** Keys whose values never reach the log (a webhook endpoint's signing secret, tokens). */
const SECRET_KEYS = /^(secret|password|token|authorization|apiKey)$/i;

/** A value as it is stored: its JSON form (dates as strings, secrets redacted), or a note when it is too large. */
export function bounded(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const json = JSON.stringify(value, (key, v: unknown) => (SECRET_KEYS.test(key) && v !== null && v !== undefined ? '[redacted]' : v));
  if (json === undefined) return null;
  if (Buffer.byteLength(json) > AUDIT_VALUE_MAX_BYTES) return { truncated: true, bytes: Buffer.byteLength(json) };
  return JSON.parse(json) as unknown;
}

const toView = (e: AuditEntry): AuditView => ({
  id: e._id,
  at: e.at,
  actor: e.actor,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId ?? null,
  outcome: e.outcome,
  request: e.request ?? null,
  before: e.before ?? null,
  after: e.after ?? null,
  error: e.error ?? null,
  requestId: e.requestId,
  finishedAt: e.finishedAt ?? null,
});

export const AUDIT_CSV_COLUMNS = ['at', 'actorId', 'actor', 'action', 'targetType', 'targetId', 'outcome', 'errorCode', 'requestId', 'request', 'before', 'after'] as const;

/** One CSV field: quoted, and a leading =, +, - or @ defused so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

function csvRow(e: AuditView): string {
  const cells = [e.at.toISOString(), e.actor.userId, e.actor.email ?? e.actor.name ?? e.actor.sub, e.action, e.targetType, e.targetId, e.outcome, e.error?.code ?? null, e.requestId, e.request, e.before, e.after];
  return `${cells.map(csvField).join(',')}\r\n`;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectModel(AuditEntry.name) private readonly entries: Model<AuditEntry>,
    private readonly users: UsersService,
  ) {}

  /** Records an action about to run; finish() completes the entry. */
  async begin(start: AuditStart): Promise<string> {
    const user = (await this.users.byIds([start.principal.userId])).get(start.principal.userId);
    const actor: AuditActor = { userId: start.principal.userId, sub: start.principal.sub, email: start.principal.email ?? user?.email ?? null, name: user?.name ?? null };
    const id = randomUUID();
    await this.entries.create({
      _id: id,
      at: new Date(),
      actor,
      action: start.action,
      targetType: start.targetType,
      targetId: start.targetId,
      outcome: 'started',
      request: bounded(start.request),
      before: bounded(start.before),
      requestId: start.requestId,
    });
    return id;
  }

  async finish(id: string, outcome: Exclude<AuditOutcome, 'started'>, result: { after?: unknown; error?: { status: number; code: string } }): Promise<void> {
    await this.entries.updateOne({ _id: id }, { $set: { outcome, after: bounded(result.after), error: result.error ?? null, finishedAt: new Date() } }).exec();
  }

  private filterOf(filter: AuditFilter): Record<string, unknown> {
    const query: Record<string, unknown> = {};
    if (filter.action) query.action = filter.action;
    if (filter.actorId) query['actor.userId'] = filter.actorId;
    if (filter.targetType) query.targetType = filter.targetType;
    if (filter.targetId) query.targetId = filter.targetId;
    if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    return query;
  }

  /** Newest first. */
  async page(filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditView>> {
    const { filter: after, sort } = keyset({ field: 'at', direction: -1 }, cursor);
    const rows = await this.entries.find({ $and: [this.filterOf(filter), after] }).sort(sort).limit(limit + 1).lean<AuditEntry[]>().exec();
    return toPage(rows, limit, 'at', toView);
  }

  /** Every matching entry as CSV, newest first, streamed from a database cursor (never all in memory). */
  exportCsv(filter: AuditFilter): Readable {
    const cursor = this.entries.find(this.filterOf(filter)).sort({ at: -1, _id: -1 }).lean<AuditEntry[]>().cursor({ batchSize: 200 });
    async function* lines(): AsyncGenerator<string> {
      yield `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
      for await (const entry of cursor) yield csvRow(toView(entry as unknown as AuditEntry));
    }
    return Readable.from(lines());
  }
}
