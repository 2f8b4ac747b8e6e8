import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export class Experience {
  title: string;
  company?: string;
  /** `YYYY-MM` */
  start: string;
  /** `YYYY-MM`; absent while current. */
  end?: string;
  description?: string;
}

export class Contact {
  email?: string;
  phone?: string;
  links: string[];
}

export interface ParsedProfile {
  uploadId: string;
  emails: string[];
  phones: string[];
  links: string[];
  skills: string[];
  experience: { title: string; start: string; end?: string }[];
  years: number | null;
  location: { city?: string; country?: string } | null;
  parsedAt: Date;
}

const experience = { _id: false, title: String, company: String, start: String, end: String, description: String };

/** A person a sourcer found. Personal data lives here only, so erasure has one place to clear. */
@Schema({ collection: 'candidates', timestamps: true, versionKey: false })
export class Candidate {
  @Prop({ type: String, required: true })
  _id: string;

  /** The sourcer who created the profile. */
  @Prop({ type: String, required: true })
  ownerId: string;

  @Prop({ type: String, required: true })
  name: string;

  @Prop({ type: { _id: false, email: String, phone: String, links: [String] }, default: { links: [] } })
  contact: Contact;

  @Prop({ type: { _id: false, city: String, country: String }, default: {} })
  location: { city?: string; country?: string };

  @Prop({ type: [String], default: [] })
  skills: string[];

  @Prop({ type: [experience], default: [] })
  experience: Experience[];

  @Prop({ type: String })
  summary?: string;

  /** What the last processed CV says, kept apart from what the sourcer entered. */
  @Prop({ type: Object })
  parsed?: ParsedProfile;

  /** Text extracted from the candidate's CV (the file-processing worker writes it). */
  @Prop({ type: String })
  cvText?: string;

  /** HMACs of normalised contact details (see fingerprints.ts). */
  @Prop({ type: [String], default: [], index: true })
  fingerprints: string[];

  /** Companies this person was delivered to: their employers may see the contact details. */
  @Prop({ type: [String], default: [] })
  deliveredTo: string[];

  @Prop({ type: Date })
  erasedAt?: Date;

  @Prop({ type: Number, required: true, default: 1 })
  revision: number;

  /** The change number of the last write matching must see (see ChangeSequences). */
  @Prop({ type: Number })
  changeSeq?: number;

  createdAt: Date;
  updatedAt: Date;
}

export const CandidateSchema = SchemaFactory.createForClass(Candidate);
CandidateSchema.index({ ownerId: 1, createdAt: -1, _id: -1 });
CandidateSchema.index({ createdAt: -1, _id: -1 });
CandidateSchema.index({ changeSeq: 1, _id: 1 });
CandidateSchema.index({ erasedAt: 1 });
