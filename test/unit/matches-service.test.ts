// Stored match lists are read a page of subjects at a time, concurrently (one cache round trip
// for a page of cached candidates or jobs, not one per entry), in their ranked order, skipping
// erased candidates and closed jobs and making them up from the entries after them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../src/modules/auth/roles.js';
import { firstKept, MatchesService } from '../../src/modules/matching/matches.service.js';

/** A loader that answers after a turn of the event loop and records how many loads overlapped. */
function overlapping<T>(answer: (id: string) => T | null) {
  const seen = { loads: [] as string[], inFlight: 0, most: 0 };
  const load = async (id: string): Promise<T | null> => {
    seen.loads.push(id);
    seen.most = Math.max(seen.most, ++seen.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    seen.inFlight--;
    return answer(id);
  };
  return { seen, load };
}

const entry = (id: string) => ({ id, score: 1, components: {}, evidence: [{ kind: 'skill', requirement: 'TypeScript', status: 'met', snippet: 'TypeScript' }] });
const candidate = (id: string, erased = false) => ({ id, name: `N ${id}`, skills: ['TypeScript'], location: {}, deliveredTo: ['co'], erasedAt: erased ? new Date(0).toISOString() : null });

describe('match lists', () => {
  it('load a page of subjects at once, keep ranked order, and make skipped ones up from the next entries', async () => {
    const { seen, load } = overlapping((id) => (id === 'missing' ? null : { id, keep: !id.startsWith('skip') }));
    const ids = ['a', 'skip1', 'b', 'missing', 'c', 'd', 'e', 'f'];
    const kept = await firstKept(ids, 4, load, (s) => s.keep);
    assert.deepEqual(
      kept.map((k) => k.entry),
      ['a', 'b', 'c', 'd'],
    );
    assert.equal(seen.most, 4, 'the first page is read concurrently');
    assert.deepEqual(seen.loads, ['a', 'skip1', 'b', 'missing', 'c', 'd'], 'no entry past those needed is read');
  });

  it("read a job's candidates concurrently, without the erased ones", async () => {
    const { seen, load } = overlapping((id) => candidate(id, id === 'x'));
    const run = { results: ['a', 'x', 'b', 'c', 'd'].map(entry), subjectRevision: 1, computedAt: new Date(0), model: 'm' };
    const runs = { findById: () => ({ lean: () => ({ exec: async () => run }) }) };
    const jobs = { get: async () => ({ id: 'job', companyId: 'co', revision: 1 }) };
    const service = new MatchesService(runs as never, jobs as never, { find: load } as never, {} as never);
    const employer: Principal = { userId: 'u', sub: 'u', roles: ['employer'], companyId: 'co' };
    const list = await service.forJob(employer, 'job', 3);
    assert.deepEqual(
      list.items.map((i) => i.candidate.id),
      ['a', 'b', 'c'],
    );
    assert.equal(list.items[0].candidate.name, 'N a', 'delivered to this company: identified');
    assert.ok(seen.most >= 3, `candidates read concurrently (at most ${seen.most} at once)`);
  });
});
