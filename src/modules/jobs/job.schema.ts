import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const JOB_STATUSES = ['draft', 'published', 'paused', 'closed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const SENIORITIES = ['intern', 'junior', 'mid', 'senior', 'lead', 'principal'] as const;
export type Seniority = (typeof SENIORITIES)[number];
export const WORKPLACES = ['onsite', 'hybrid', 'remote'] as const;
export type Workplace = (typeof WORKPLACES)[number];

export class SkillRequirement {
  skill: string;
  minYears?: number;
}

export class SalaryBand {
  /** Integer minor units (cents), per year. */
  min: number;
  max: number;
  currency: string;
}

export class JobLocation {
  city?: string;
  country?: string;
}

export class StatusChange {
  from: string | null;
  to: string;
  by: string;
  at: Date;
}

const requirement = { _id: false, skill: { type: String, required: true }, minYears: { type: Number } };

@Schema({ collection: 'jobs', timestamps: true, versionKey: false })
export class Job {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, index: true })
  companyId: string;

  @Prop({ type: String, required: true })
  createdBy: string;

  @Prop({ type: String, required: true })
  title: string;

  @Prop({ type: String, required: true })
  description: string;

  @Prop({ type: { _id: false, city: String, country: String }, default: {} })
  location: JobLocation;

  @Prop({ type: String, enum: WORKPLACES, required: true })
  workplace: Workplace;

  @Prop({ type: String, enum: SENIORITIES, required: true })
  seniority: Seniority;

  @Prop({ type: { _id: false, min: Number, max: Number, currency: String } })
  salary?: SalaryBand;

  @Prop({ type: [requirement], default: [] })
  mustHave: SkillRequirement[];

  @Prop({ type: [requirement], default: [] })
  niceToHave: SkillRequirement[];

  @Prop({ type: [String], default: [] })
  languages: string[];

  /** Score a submission needs to pass the AI check; unset: MATCH_THRESHOLD. */
  @Prop({ type: Number, min: 0, max: 100 })
  matchThreshold?: number;

  /** Normalised keys of every required skill, for the skill filter. */
  @Prop({ type: [String], default: [] })
  skillKeys: string[];

  @Prop({ type: String, enum: JOB_STATUSES, required: true })
  status: JobStatus;

  @Prop({ type: [{ _id: false, from: String, to: String, by: String, at: Date }], default: [] })
  history: StatusChange[];

  /** Set on first publication; the order of the published list. */
  @Prop({ type: Date })
  publishedAt?: Date;

  /** Bumped by every write, so derived results (matches) can tell which version they saw. */
  @Prop({ type: Number, required: true, default: 1 })
  revision: number;

  /** The change number of the last write (see ChangeSequences). */
  @Prop({ type: Number })
  changeSeq?: number;

  createdAt: Date;
  updatedAt: Date;
}

export const JobSchema = SchemaFactory.createForClass(Job);
JobSchema.index({ status: 1, publishedAt: -1, _id: -1 });
JobSchema.index({ companyId: 1, createdAt: -1, _id: -1 });
JobSchema.index({ skillKeys: 1, status: 1 });
JobSchema.index({ title: 'text', description: 'text' }, { weights: { title: 3, description: 1 }, name: 'job_text' });
