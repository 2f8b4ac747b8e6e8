// An append-only ledger without transactions: each account's entries carry a sequence number
// and the balance after them. An append reads the last entry and inserts the next one; unique
// indexes on (account, seq) and (account, ref) make the insert itself the atomic step, so two
// concurrent appends cannot both take the same place, the same ref is never applied twice,
// and a floor (zero credits) holds under any concurrency.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Model } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../../common/pagination/cursor.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

export interface SequencedEntry {
  _id: string;
  account: string;
  seq: number;
  delta: number;
  balanceAfter: number;
  kind: string;
  /** Idempotency key: one entry per ref per account, ever. */
  ref: string;
  createdAt: Date;
}

export type AppendResult<E> = { outcome: 'appended' | 'existing'; entry: E } | { outcome: 'insufficient'; balance: number };

const MAX_ATTEMPTS = 200;

export class SequencedLedger<E extends SequencedEntry> {
  constructor(readonly model: Model<E>) {}

  async balance(account: string): Promise<number> {
    const last = await this.model.findOne({ account }, { balanceAfter: 1 }).sort({ seq: -1 }).lean<E>().exec();
    return last?.balanceAfter ?? 0;
  }

  find(account: string, ref: string): Promise<E | null> {
    return this.model.findOne({ account, ref }).lean<E>().exec();
  }

  async append(account: string, delta: number, ref: string, kind: string, fields: Partial<E> = {}, floor?: number): Promise<AppendResult<E>> {
    if (!Number.isInteger(delta)) throw new Error(`ledger amounts are integers (${delta})`);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await this.find(account, ref);
      if (existing) return { outcome: 'existing', entry: existing };
      const last = await this.model.findOne({ account }, { seq: 1, balanceAfter: 1 }).sort({ seq: -1 }).lean<E>().exec();
      const balance = last?.balanceAfter ?? 0;
      if (floor !== undefined && balance + delta < floor) return { outcome: 'insufficient', balance };
      const entry = { ...fields, _id: randomUUID(), account, seq: (last?.seq ?? 0) + 1, delta, balanceAfter: balance + delta, kind, ref, createdAt: new Date() } as E;
      try {
        await this.model.create(entry);
        return { outcome: 'appended', entry };
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        // Someone else took this place (or applied this ref): read again. A little jitter
        // keeps a crowd of writers from colliding in lockstep.
        await sleep(Math.floor(Math.random() * Math.min(20, 1 + attempt)));
      }
    }
    throw new DomainError(ErrorCode.LEDGER_CONTENDED, 'The ledger is too busy; try again');
  }

  /** Every entry about one submission, oldest first (a handful: spend, refund, delivery, bounty, reversal). */
  bySubmission(submissionId: string): Promise<E[]> {
    return this.model.find({ submissionId } as never).sort({ createdAt: 1, seq: 1 }).limit(100).lean<E[]>().exec();
  }

  /** An account's entries, newest first, a page at a time: `cursor` is the previous page's nextCursor. */
  async page(account: string, limit: number, cursor?: string): Promise<{ entries: E[]; nextCursor: string | null }> {
    let beforeSeq: number | undefined;
    if (cursor !== undefined) {
      const at = decodeCursor(cursor);
      if (typeof at.value !== 'number' || at.id !== account) throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not one this API returned');
      beforeSeq = at.value;
    }
    const entries = await this.model
      .find({ account, ...(beforeSeq === undefined ? {} : { seq: { $lt: beforeSeq } }) })
      .sort({ seq: -1 })
      .limit(limit)
      .lean<E[]>()
      .exec();
    const last = entries.at(-1);
    return { entries, nextCursor: entries.length === limit && last ? encodeCursor(last.seq, account) : null };
  }
}
