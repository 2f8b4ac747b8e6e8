import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/core.module.js';
import { ObjectStorage } from '../storage/object-storage.js';
import type { RankingIndex } from './engine/ranking-index.js';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from './engine/ranking-snapshot-codec.js';
import { RankingSnapshot } from './matching.schema.js';

const DOC = 'candidates';
const LEASE = 'candidates:lease';
const LEASE_MS = 10 * 60_000;

export interface StoredSnapshot {
  key: string;
  seq: number;
  fingerprint: string;
  candidates: number;
}

/**
 * Ranking index snapshots in object storage, described by one MongoDB document: a worker
 * starts from the latest one built with its taxonomy and encoding, then catches up by change
 * number, instead of reading every candidate.
 */
@Injectable()
export class RankingSnapshotsService {
  private readonly holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    @InjectModel(RankingSnapshot.name) private readonly docs: Model<RankingSnapshot>,
    private readonly storage: ObjectStorage,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async latest(): Promise<StoredSnapshot | null> {
    const doc = await this.docs.findById(DOC).lean<RankingSnapshot>().exec();
    return doc?.key && doc.seq !== undefined && doc.fingerprint ? { key: doc.key, seq: doc.seq, fingerprint: doc.fingerprint, candidates: doc.candidates ?? 0 } : null;
  }

  /** The latest snapshot built with `fingerprint`, loaded; null when there is none or it cannot be read. */
  async load(fingerprint: string): Promise<Snapshot | null> {
    const stored = await this.latest();
    if (!stored || stored.fingerprint !== fingerprint) return null;
    try {
      const started = Date.now();
      const snapshot = decodeSnapshot(await this.storage.read(stored.key));
      if (snapshot.fingerprint !== fingerprint || snapshot.seq !== stored.seq) throw new Error('snapshot does not match its description');
      this.logger.info({ key: stored.key, seq: stored.seq, candidates: snapshot.index.documents, ms: Date.now() - started }, 'ranking index loaded from snapshot');
      return snapshot;
    } catch (error) {
      this.logger.warn({ err: error, key: stored.key }, 'ranking index snapshot unreadable: reading every candidate instead');
      return null;
    }
  }

  /** Whether this process may write a snapshot now (one writer at a time, for LEASE_MS at most). */
  private async lease(): Promise<boolean> {
    const now = new Date();
    try {
      await this.docs.updateOne({ _id: LEASE, $or: [{ until: { $lt: now } }, { holder: this.holder }] }, { $set: { holder: this.holder, until: new Date(now.getTime() + LEASE_MS) } }, { upsert: true }).exec();
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  private async release(): Promise<void> {
    await this.docs.updateOne({ _id: LEASE, holder: this.holder }, { $set: { until: new Date(0) } }).exec();
  }

  /**
   * Stores the index as of the change number it has seen unless a snapshot as recent, built the same way, is
   * there already or another worker is writing one. Returns whether it stored one.
   */
  async write(capture: () => { index: RankingIndex; seq: number }, fingerprint: string): Promise<boolean> {
    if (!(await this.lease())) return false;
    const current = await this.latest();
    // The index and the change number it has seen, taken together (between two awaits).
    const { index, seq } = capture();
    if (current && current.fingerprint === fingerprint && current.seq >= seq) {
      await this.release();
      return false;
    }
    const started = Date.now();
    const bytes = encodeSnapshot(index, seq, fingerprint);
    const key = `snapshots/ranking/${fingerprint}-${seq}-${Date.now()}`;
    try {
      // Straight from memory: a temporary copy would need the snapshot's size again on disk
      // (687 MiB for a million candidates), more than a pod's /tmp may hold.
      await this.storage.putBytes(key, bytes, 'application/octet-stream');
      // Only ever forward: a slower writer with an older snapshot does not replace a newer one.
      const replaced = await this.docs
        .findOneAndUpdate(
          { _id: DOC, $or: [{ seq: { $lt: seq } }, { fingerprint: { $ne: fingerprint } }] },
          { $set: { key, seq, fingerprint, candidates: index.documents, bytes: bytes.length, writtenAt: new Date() } },
          { upsert: true, returnDocument: 'before' },
        )
        .lean<RankingSnapshot>()
        .exec()
        .catch((error: { code?: number }) => {
          if (error.code === 11000) return 'lost' as const;
          throw error;
        });
      if (replaced === 'lost') {
        await this.storage.delete(key);
        return false;
      }
      if (replaced?.key) await this.storage.delete(replaced.key).catch(() => undefined);
      this.logger.info({ key, seq, candidates: index.documents, bytes: bytes.length, ms: Date.now() - started }, 'ranking index snapshot written');
      return true;
    } finally {
      await this.release();
    }
  }
}
