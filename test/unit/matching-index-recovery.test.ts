// The ranking index follows MongoDB by catching up before each use. A catch-up that fails (a
// dropped connection) must fail only its own callers: the next one starts again, instead of
// every later sync chaining onto a rejected promise forever.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { MetricsService } from '../../src/common/metrics/metrics.service.js';
import type { CandidateRecord } from '../../src/modules/candidates/candidate.view.js';
import type { CandidatesService } from '../../src/modules/candidates/candidates.service.js';
import type { JobsService } from '../../src/modules/jobs/jobs.service.js';
import { MatchingIndexService } from '../../src/modules/matching/matching-index.service.js';
import type { RankingSnapshotsService } from '../../src/modules/matching/ranking-snapshots.service.js';
import type { SkillsService } from '../../src/modules/skills/skills.service.js';
import { builtinTaxonomy } from '../../src/modules/skills/taxonomy-loader.js';
import type { AppConfig } from '../../src/config/app-config.js';

const skills = { taxonomy: builtinTaxonomy(), skills: builtinTaxonomy().skills } as SkillsService;
const noSnapshots = { load: async () => null, latest: async () => null, write: async () => false } as unknown as RankingSnapshotsService;
const config = { MATCH_SNAPSHOT_CHANGES: 0 } as AppConfig;
const make = (candidates: CandidatesService, metrics = new MetricsService()) => new MatchingIndexService(candidates, {} as JobsService, skills, noSnapshots, metrics, config, pino({ level: 'silent' }));

const record = (id: string, skills: unknown[] = ['TypeScript']): CandidateRecord & { cvText: string | null } => ({
  id,
  ownerId: 'o',
  name: 'N',
  contact: { links: [] },
  location: {},
  skills: skills as string[],
  experience: [],
  summary: null,
  cvText: null,
  parsed: null,
  fingerprints: [],
  deliveredTo: [],
  erasedAt: null,
  revision: 1,
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(1000).toISOString(),
});

describe('matching index catch-up', () => {
  it('recovers by itself after a failed sync', async () => {
    let calls = 0;
    const candidates = {
      changesSafePoint: async () => {
        calls++;
        if (calls === 1) throw new Error('connection reset');
        return 1;
      },
      unstamped: async () => [],
      changedBetween: async () => [{ ...record('a'), changeSeq: 1 }],
    } as unknown as CandidatesService;
    const service = make(candidates);
    await assert.rejects(service.sync(), /connection reset/);
    const index = await service.sync();
    assert.ok(index.has('a'), 'the next sync caught up');
  });

  it('leaves out a document it cannot use, counts it, and indexes the rest', async () => {
    const candidates = { changesSafePoint: async () => 0, unstamped: async () => [record('bad', [42, { x: 1 }]), record('good')], changedBetween: async () => [] } as unknown as CandidatesService;
    const metrics = new MetricsService();
    const service = make(candidates, metrics);
    const index = await service.sync();
    assert.equal(index.has('bad'), false);
    assert.ok(index.has('good'));
    assert.equal((await metrics.matchingSkipped.get()).values[0].value, 1);
  });
});
