// Every way of starting Crowdhire starts each process with the Node.js flags of
// src/bootstrap/node-flags.ts (the API's young-generation floor is part of its configuration),
// and the flags do what they are there for on this Node.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { launchCommand, NODE_FLAGS, type ProcessKind } from '../../src/bootstrap/node-flags.js';
import { ROOT } from '../../scripts/paths.js';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const kindOf = (command: string[]): ProcessKind | undefined => (command.at(-1)?.endsWith('main.js') ? 'api' : command.at(-1)?.endsWith('worker.js') ? 'worker' : undefined);

describe('launch flags', () => {
  it('starts the API and the worker with their flags in the image, Compose, Kubernetes and the npm scripts', () => {
    const commands: [string, string[]][] = [];
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    assert.ok(cmd, 'the Dockerfile has a CMD');
    commands.push(['Dockerfile CMD', JSON.parse(cmd[1]) as string[]]);
    const compose = parseAllDocuments(read('docker-compose.yml'))[0].toJSON() as Record<string, Record<string, { command?: string[] }>>;
    for (const [name, service] of Object.entries({ ...compose, ...compose.services })) if (Array.isArray(service?.command)) commands.push([`compose ${name}`, service.command]);
    const base = 'deploy/k8s/base';
    for (const file of fs.readdirSync(path.join(ROOT, base)).filter((f) => f.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(read(`${base}/${file}`))) {
        const containers = (doc.toJSON() as { spec?: { template?: { spec?: { containers?: { name: string; command?: string[] }[] } } } })?.spec?.template?.spec?.containers ?? [];
        for (const c of containers) if (c.command) commands.push([`${file} ${c.name}`, c.command]);
      }
    }
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['start:api', 'start:worker']) commands.push([`npm run ${name}`, scripts[name].split(' ')]);

    const seen = new Set<ProcessKind>();
    for (const [where, command] of commands) {
      const kind = kindOf(command);
      if (!kind) continue;
      seen.add(kind);
      assert.deepEqual(command, launchCommand(kind), `${where} starts the ${kind} as node-flags.ts says`);
    }
    assert.deepEqual([...seen].sort(), ['api', 'worker'], 'both processes are started somewhere');
    assert.ok(commands.filter(([where]) => where.startsWith('compose') || where.endsWith('.yaml api')).length >= 2, 'Compose and Kubernetes start an API');
  });

  it('gives the API a young generation of at least 16 MiB from the start (V8 alone starts it at 1 MiB and shrinks it back)', () => {
    const newSpace = (flags: readonly string[]) => {
      const out = spawnSync(process.execPath, [...flags, '-e', "const s = require('v8').getHeapSpaceStatistics().find((x) => x.space_name === 'new_space'); console.log(s.space_used_size + s.space_available_size)"], { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      return Number(out.stdout) / 2 ** 20;
    };
    assert.ok(newSpace(NODE_FLAGS.api) >= 15, `API: ${newSpace(NODE_FLAGS.api)} MiB`);
    assert.ok(newSpace([]) < 4, `the floor is the flag's doing, not Node's default: ${newSpace([])} MiB`);
  });
});
