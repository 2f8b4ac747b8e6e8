import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHandlerMap, type FoundHandler, WorkerSetupError } from '../../src/workers/job-handlers.js';
import type { JobName } from '../../src/queues/queue.types.js';

const handler = async () => ({ status: 'done' as const });
const found = (name: string, owner: string): FoundHandler => ({ name: name as JobName, owner, handler });

function setupProblems(entries: FoundHandler[], names: string[]): string[] {
  try {
    buildHandlerMap(entries, names);
  } catch (error) {
    assert.ok(error instanceof WorkerSetupError);
    return error.problems;
  }
  assert.fail('expected a WorkerSetupError');
}

describe('buildHandlerMap', () => {
  it('maps each job name to its one handler', () => {
    const map = buildHandlerMap([found('a', 'A.run'), found('b', 'B.run')], ['a', 'b']);
    assert.deepEqual([...map.keys()].sort(), ['a', 'b']);
  });

  it('refuses a job name with no handler', () => {
    assert.deepEqual(setupProblems([found('a', 'A.run')], ['a', 'b']), ['job "b" has no handler']);
  });

  it('refuses a job name with two handlers, naming both', () => {
    assert.deepEqual(setupProblems([found('a', 'A.run'), found('a', 'B.run')], ['a']), ['job "a" has 2 handlers: A.run, B.run']);
  });

  it('refuses a handler for a job name that does not exist', () => {
    assert.deepEqual(setupProblems([found('a', 'A.run'), found('zz', 'Z.run')], ['a']), ['Z.run handles unknown job "zz"']);
  });
});
