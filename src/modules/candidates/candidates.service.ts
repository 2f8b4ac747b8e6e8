import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { CacheFamily, CacheKeys } from '../../common/cache/cache-keys.js';
import { ReadCache } from '../../common/cache/read-cache.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { escapeRegex } from '../../common/mongo/escape-regex.js';
import { keyset, type Page, toPage } from '../../common/pagination/cursor.js';
import { AppConfig } from '../../config/app-config.js';
import { isAdmin, isOwner } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { Candidate, type ParsedProfile } from './candidate.schema.js';
import { type CandidateRecord, type CandidateView, MATCHING_FIELDS, type MatchingCandidate, RECORD_FIELDS, toCandidateRecord, toCandidateView, toMatchingCandidate } from './candidate.view.js';
import type { CreateCandidateDto, UpdateCandidateDto } from './dto/candidate.dto.js';
import { fingerprints } from './fingerprints.js';
import { ChangeSequences } from '../../common/mongo/change-sequence.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

const notFound = () => DomainError.notFound(ErrorCode.CANDIDATE_NOT_FOUND, 'Candidate');

/**
 * Another module's part of a person's data: included in the export and cleared on erasure
 * (submissions scrub pitches and release ownership; uploads delete files).
 */
export interface CandidateDataContributor {
  readonly section: string;
  exportData(candidateId: string): Promise<unknown>;
  erase(candidateId: string): Promise<void>;
}

/** The change sequence matching follows (ChangeSequences): no writer's clock decides what it sees. */
export const CANDIDATE_CHANGES = 'candidates';

@Injectable()
export class CandidatesService {
  private readonly contributors: CandidateDataContributor[] = [];

  constructor(
    @InjectModel(Candidate.name) private readonly candidates: Model<Candidate>,
    private readonly cache: ReadCache,
    private readonly outbox: OutboxService,
    private readonly sequences: ChangeSequences,
    private readonly config: AppConfig,
  ) {}

  addContributor(contributor: CandidateDataContributor): void {
    this.contributors.push(contributor);
  }

  /**
   * A write matching must see: its follow-up work is recorded before it (the outbox), and the
   * document is stamped with the next change number (what the ranking index follows).
   */
  private write<T>(id: string, apply: (changeSeq: number) => Promise<T>): Promise<T> {
    const restamp = async (from: number, to: number) => void (await this.candidates.updateOne({ _id: id, changeSeq: from }, { $set: { changeSeq: to } }).exec());
    return this.outbox.afterWrite([Intents.matchCandidate(id)], () => this.sequences.stamp(CANDIDATE_CHANGES, apply, restamp));
  }

  private fingerprintsOf(contact: CreateCandidateDto['contact']): string[] {
    return fingerprints(contact ?? {}, this.config.FINGERPRINT_SECRET, this.config.PHONE_DEFAULT_REGION);
  }

  async create(principal: Principal, dto: CreateCandidateDto): Promise<CandidateView> {
    const contact = { ...dto.contact, links: dto.contact?.links ?? [] };
    const id = randomUUID();
    const candidate = await this.write(id, (changeSeq) =>
      this.candidates.create({ ...dto, _id: id, ownerId: principal.userId, contact, location: dto.location ?? {}, fingerprints: this.fingerprintsOf(contact), revision: 1, changeSeq }),
    );
    return toCandidateView(await this.changed(candidate.toObject()), true);
  }

  /** The stored candidate (cached), with no access check: for other modules' services. */
  find(id: string): Promise<CandidateRecord | null> {
    return this.cache.read(CacheFamily.Candidate, CacheKeys.candidate(id), async () => {
      const candidate = await this.candidates.findById(id, RECORD_FIELDS).lean<Candidate>().exec();
      return candidate ? toCandidateRecord(candidate) : null;
    });
  }

  /**
   * The candidate as the audit log keeps it around an admin's change: no personal data (name,
   * contact, experience, CV), so erasure never has to reach into the log.
   */
  async auditSnapshot(id: string): Promise<Record<string, unknown> | null> {
    const c = await this.find(id);
    if (!c) return null;
    return { ownerId: c.ownerId, country: c.location?.country ?? null, skills: c.skills, experienceEntries: c.experience?.length ?? 0, revision: c.revision, erasedAt: c.erasedAt ?? null, updatedAt: c.updatedAt };
  }

  /** Names by id for the dashboard's lists: null for an erased person; absent when there is none. */
  async namesByIds(ids: string[]): Promise<Map<string, string | null>> {
    const rows = await this.candidates.find({ _id: { $in: [...new Set(ids)] } }, { name: 1, erasedAt: 1 }).lean<Pick<Candidate, '_id' | 'name' | 'erasedAt'>[]>().exec();
    return new Map(rows.map((c) => [c._id, c.erasedAt ? null : c.name]));
  }

  /** People held (not erased), for the admin overview. */
  countActive(): Promise<number> {
    return this.candidates.countDocuments({ erasedAt: { $exists: false } }).exec();
  }

  /**
   * Candidates changed after change number `after` up to `upTo`, in change order: how the
   * matching index follows writes (see ChangeSequences). Change numbers are unique per write.
   */
  async changedBetween(after: number, upTo: number, limit: number): Promise<MatchingCandidate[]> {
    const rows = await this.candidates.find({ changeSeq: { $gt: after, $lte: upTo } }, MATCHING_FIELDS).sort({ changeSeq: 1 }).limit(limit).lean<Candidate[]>().exec();
    return rows.map(toMatchingCandidate);
  }

  /** Candidates written before change numbers existed, by id: read once by a fresh index. */
  async unstamped(afterId: string, limit: number): Promise<MatchingCandidate[]> {
    const rows = await this.candidates.find({ changeSeq: { $exists: false }, _id: { $gt: afterId } }, MATCHING_FIELDS).sort({ _id: 1 }).limit(limit).lean<Candidate[]>().exec();
    return rows.map(toMatchingCandidate);
  }

  /** These candidates as matching reads them (for evidence of a ranked list), erased ones included. */
  async forMatching(ids: string[]): Promise<MatchingCandidate[]> {
    if (ids.length === 0) return [];
    const rows = await this.candidates.find({ _id: { $in: ids } }, MATCHING_FIELDS).lean<Candidate[]>().exec();
    return rows.map(toMatchingCandidate);
  }

  /** The change number every change up to which is committed (see ChangeSequences). */
  changesSafePoint(): Promise<number> {
    return this.sequences.safePoint(CANDIDATE_CHANGES);
  }

  /** Owner and admins see everything; employers only people delivered to their company. */
  async get(principal: Principal, id: string): Promise<CandidateView> {
    const record = await this.find(id);
    if (!record) throw notFound();
    const full = isAdmin(principal) || isOwner(principal, record.ownerId);
    const delivered = principal.roles.includes('employer') && !!principal.companyId && record.deliveredTo.includes(principal.companyId);
    if (!full && !delivered) throw notFound();
    return toCandidateView(record, true);
  }

  /** The candidate if this sourcer owns it (admins: any), else CANDIDATE_NOT_FOUND. */
  async requireOwned(principal: Principal, id: string): Promise<CandidateRecord> {
    const record = await this.find(id);
    if (!record || !(isAdmin(principal) || isOwner(principal, record.ownerId))) throw notFound();
    return record;
  }

  async list(principal: Principal, limit: number, cursor?: string, search?: string): Promise<Page<CandidateView>> {
    const page = keyset({ field: 'createdAt', direction: -1 }, cursor);
    const scope = isAdmin(principal) ? {} : { ownerId: principal.userId };
    const name = search ? { name: new RegExp(escapeRegex(search.trim()), 'i') } : {};
    const rows = await this.candidates.find({ $and: [scope, name, page.filter] }, RECORD_FIELDS).sort(page.sort).limit(limit + 1).lean<Candidate[]>().exec();
    return toPage(rows, limit, 'createdAt', (c) => toCandidateView(toCandidateRecord(c), true));
  }

  async update(principal: Principal, id: string, dto: UpdateCandidateDto): Promise<CandidateView> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.requireOwned(principal, id);
      if (current.erasedAt) throw new DomainError(ErrorCode.CANDIDATE_ERASED, 'This candidate was erased');
      const set: Record<string, unknown> = { ...dto };
      if (dto.contact) {
        const contact = { ...dto.contact, links: dto.contact.links ?? [] };
        set.contact = contact;
        set.fingerprints = this.fingerprintsOf(contact);
      }
      const updated = await this.write(id, (changeSeq) =>
        this.candidates
          .findOneAndUpdate({ _id: id, revision: current.revision, erasedAt: { $exists: false } }, { $set: { ...set, changeSeq }, $inc: { revision: 1 } }, { returnDocument: 'after', projection: RECORD_FIELDS })
          .lean<Candidate>()
          .exec(),
      );
      if (updated) return toCandidateView(await this.changed(updated), true);
      await this.cache.invalidate(CacheKeys.candidate(id));
    }
    throw new DomainError(ErrorCode.CANDIDATE_EDIT_CONFLICT, 'The candidate changed while saving; try again');
  }

  /**
   * Merges what a CV says: kept whole under `parsed`, and used to fill only the fields the
   * sourcer left empty, never to overwrite one. Applying the same upload twice changes nothing.
   */
  async applyParsedCv(id: string, uploadId: string, text: string, parsed: Omit<ParsedProfile, 'uploadId' | 'parsedAt'>): Promise<'applied' | 'unchanged' | 'gone'> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.candidates.findById(id, RECORD_FIELDS).lean<Candidate>().exec();
      if (!current || current.erasedAt) return 'gone';
      if (current.parsed?.uploadId === uploadId) return 'unchanged';
      const set: Record<string, unknown> = { parsed: { ...parsed, uploadId, parsedAt: new Date() }, cvText: text };
      const contact = { ...current.contact, links: current.contact?.links ?? [] };
      let contactChanged = false;
      if (!contact.email && parsed.emails[0]) [contact.email, contactChanged] = [parsed.emails[0], true];
      if (!contact.phone && parsed.phones[0]) [contact.phone, contactChanged] = [parsed.phones[0], true];
      if (contact.links.length === 0 && parsed.links.length > 0) [contact.links, contactChanged] = [parsed.links.slice(0, 10), true];
      if (contactChanged) {
        set.contact = contact;
        set.fingerprints = this.fingerprintsOf(contact);
      }
      if (current.skills.length === 0 && parsed.skills.length > 0) set.skills = parsed.skills.slice(0, 100);
      if (current.experience.length === 0 && parsed.experience.length > 0) set.experience = parsed.experience.slice(0, 50);
      if (!current.location?.city && !current.location?.country && parsed.location) set.location = parsed.location;
      const updated = await this.write(id, (changeSeq) =>
        this.candidates
          .findOneAndUpdate({ _id: id, revision: current.revision, erasedAt: { $exists: false } }, { $set: { ...set, changeSeq }, $inc: { revision: 1 } }, { returnDocument: 'after', projection: RECORD_FIELDS })
          .lean<Candidate>()
          .exec(),
      );
      if (updated) {
        await this.changed(updated);
        return 'applied';
      }
    }
    throw new DomainError(ErrorCode.CANDIDATE_EDIT_CONFLICT, 'The candidate kept changing while the CV was merged');
  }

  /** Employers of this company may now see the person's contact details. */
  async markDelivered(id: string, companyId: string): Promise<void> {
    await this.candidates.updateOne({ _id: id }, { $addToSet: { deliveredTo: companyId } }).exec();
    await this.cache.invalidate(CacheKeys.candidate(id));
  }

  async exportData(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const record = await this.requireOwned(principal, id);
    const sections: Record<string, unknown> = {};
    for (const contributor of this.contributors) sections[contributor.section] = await contributor.exportData(id);
    // The CV's text is the person's data too; records leave it out (see CandidateRecord).
    const stored = await this.candidates.findById(id, { cvText: 1 }).lean<Pick<Candidate, 'cvText'>>().exec();
    const { fingerprints: _f, ...candidate } = record;
    return { exportedAt: new Date().toISOString(), candidate: { ...candidate, cvText: stored?.cvText ?? null }, ...sections };
  }

  /**
   * Erases the person: other modules clear their parts first, then the profile is anonymised.
   * Every step is idempotent, so a repeated or interrupted erasure finishes the job.
   */
  async erase(principal: Principal, id: string): Promise<void> {
    await this.requireOwned(principal, id);
    for (const contributor of this.contributors) await contributor.erase(id);
    const erased = await this.write(id, (changeSeq) =>
      this.candidates
        .findOneAndUpdate(
          { _id: id },
          {
            $set: { name: 'Erased candidate', contact: { links: [] }, location: {}, skills: [], experience: [], fingerprints: [], erasedAt: new Date(), changeSeq },
            $unset: { summary: 1, cvText: 1, parsed: 1 },
            $inc: { revision: 1 },
          },
          { returnDocument: 'after', projection: RECORD_FIELDS },
        )
        .lean<Candidate>()
        .exec(),
    );
    if (erased) await this.changed(erased);
  }

  /** After every write: cached copies go (matching's work was queued with the write). */
  private async changed(candidate: Candidate): Promise<CandidateRecord> {
    await this.cache.invalidate(CacheKeys.candidate(candidate._id));
    return toCandidateRecord(candidate);
  }
}
