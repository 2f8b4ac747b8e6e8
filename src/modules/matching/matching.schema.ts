import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export interface MatchEntry {
  id: string;
  score: number;
  components: Record<string, number | null>;
  evidence: { kind: string; requirement: string; status: string; snippet: string | null }[];
}

/**
 * The ranked result for one job (its candidates) or one candidate (their jobs), one document
 * each, stamped with what it was computed from: an older run never replaces a newer one.
 */
@Schema({ collection: 'match_runs', versionKey: false })
export class MatchRun {
  /** `job:<id>` or `candidate:<id>` */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, enum: ['job', 'candidate'], required: true })
  kind: 'job' | 'candidate';

  @Prop({ type: String, required: true })
  subjectId: string;

  /** The job's (or candidate's) revision the run saw. */
  @Prop({ type: Number, required: true })
  subjectRevision: number;

  /** How far the run had seen the other side (candidates' or jobs' last write time, ms). */
  @Prop({ type: Number, required: true })
  seenUpTo: number;

  @Prop({ type: String, required: true })
  model: string;

  @Prop({ type: [Object], default: [] })
  results: MatchEntry[];

  @Prop({ type: Date, required: true })
  computedAt: Date;

  /** How many times it was computed: bursts of triggers should collapse into one. */
  @Prop({ type: Number, default: 0 })
  computations: number;
}

export const MatchRunSchema = SchemaFactory.createForClass(MatchRun);
MatchRunSchema.index({ kind: 1, 'results.id': 1 });

/** A fitted scoring model: per company, or `platform` for everyone without one. */
@Schema({ collection: 'scoring_models', versionKey: false })
export class FittedModel {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: Number, required: true })
  bias: number;

  @Prop({ type: Object, required: true })
  weights: Record<string, number>;

  @Prop({ type: Number, required: true })
  labelCount: number;

  @Prop({ type: Number, required: true })
  positives: number;

  @Prop({ type: Date, required: true })
  fittedAt: Date;
}

export const FittedModelSchema = SchemaFactory.createForClass(FittedModel);

/**
 * The ranking index snapshot workers start from (`candidates`): where the object is, the
 * change number it had caught up to and what it was built with; and the writers' lease
 * (`candidates:lease`), so one worker at a time writes one.
 */
@Schema({ collection: 'ranking_snapshots', versionKey: false })
export class RankingSnapshot {
  @Prop({ type: String, required: true })
  _id: string;

  /** Object storage key. */
  @Prop({ type: String })
  key?: string;

  @Prop({ type: Number })
  seq?: number;

  /** Taxonomy and encoding: a snapshot built otherwise is not used. */
  @Prop({ type: String })
  fingerprint?: string;

  @Prop({ type: Number })
  candidates?: number;

  @Prop({ type: Number })
  bytes?: number;

  @Prop({ type: Date })
  writtenAt?: Date;

  /** Lease documents: who holds it and until when. */
  @Prop({ type: String })
  holder?: string;

  @Prop({ type: Date })
  until?: Date;
}

export const RankingSnapshotSchema = SchemaFactory.createForClass(RankingSnapshot);
