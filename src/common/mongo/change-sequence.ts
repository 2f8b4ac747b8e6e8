// Sequence numbers for one collection's changes, which a follower (a worker's ranking index)
// can read without ever skipping a committed change, whatever the writers' clocks say.
//
// A writer takes the next number and registers it as in flight in the same atomic update,
// writes its document stamped with it, then deregisters it. A follower reads up to the "safe
// point": just below the oldest number still in flight, or the last number taken when none
// is. So a change stamped 7 but committed after 8 is never passed over: while 7 is in flight
// the follower stops at 6. A writer that dies in flight would hold everyone back, so entries
// older than STALE_MS are dropped by the follower; a writer that was merely slow finds its
// entry gone when it deregisters and stamps its document again with a fresh number.
import { Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

/** An in-flight write older than this is presumed dead (its writer re-stamps if it was not). */
const STALE_MS = 30_000;

@Schema({ collection: 'sequences', versionKey: false })
export class SequenceCounter {
  /** The sequence's name, e.g. `candidates`. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: Number, required: true }) seq: number;
  @Prop({ type: [{ _id: false, seq: Number, at: Date }], default: [] }) inflight: { seq: number; at: Date }[];
}
export const SequenceCounterSchema = SchemaFactory.createForClass(SequenceCounter);

@Injectable()
export class ChangeSequences {
  constructor(@InjectModel(SequenceCounter.name) private readonly counters: Model<SequenceCounter>) {}

  /** Takes the next number and registers it as in flight, atomically (server clock for the age). */
  async begin(name: string): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate(
        { _id: name },
        [
          { $set: { seq: { $add: [{ $ifNull: ['$seq', 0] }, 1] } } },
          { $set: { inflight: { $concatArrays: [{ $ifNull: ['$inflight', []] }, [{ seq: '$seq', at: '$$NOW' }]] } } },
        ],
        { upsert: true, returnDocument: 'after', updatePipeline: true },
      )
      .lean<SequenceCounter>()
      .exec();
    return counter!.seq;
  }

  /** Deregisters a number; false when a follower had dropped it as stale (then re-stamp). */
  async end(name: string, seq: number): Promise<boolean> {
    const result = await this.counters.updateOne({ _id: name, 'inflight.seq': seq }, { $pull: { inflight: { seq } } }).exec();
    return result.modifiedCount === 1;
  }

  /**
   * Runs `write` with a fresh number; if the number was dropped as stale meanwhile, `restamp`
   * moves the written document to a newer one, so followers still see the change.
   */
  async stamp<T>(name: string, write: (seq: number) => Promise<T>, restamp: (from: number, to: number) => Promise<void>): Promise<T> {
    let seq = await this.begin(name);
    let result: T;
    try {
      result = await write(seq);
    } finally {
      if (!(await this.end(name, seq))) {
        for (;;) {
          const next = await this.begin(name);
          await restamp(seq, next);
          seq = next;
          if (await this.end(name, next)) break;
        }
      }
    }
    return result;
  }

  /** The highest number below which every change is committed (or abandoned). */
  async safePoint(name: string): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate(
        { _id: name },
        [{ $set: { inflight: { $filter: { input: { $ifNull: ['$inflight', []] }, cond: { $gte: ['$$this.at', { $subtract: ['$$NOW', STALE_MS] }] } } } } }],
        { returnDocument: 'after', updatePipeline: true },
      )
      .lean<SequenceCounter>()
      .exec();
    if (!counter) return 0;
    return counter.inflight.length > 0 ? Math.min(...counter.inflight.map((i) => i.seq)) - 1 : counter.seq;
  }
}

@Module({
  imports: [MongooseModule.forFeature([{ name: SequenceCounter.name, schema: SequenceCounterSchema }])],
  providers: [ChangeSequences],
  exports: [ChangeSequences],
})
export class SequencesModule {}
