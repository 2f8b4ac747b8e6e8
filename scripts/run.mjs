#!/usr/bin/env node
// `node scripts/run.mjs <script> [args]`: runs dist/scripts/<script>.js in this very process,
// building first only what is out of date (the server when a TypeScript source is newer than
// the last build, the dashboard when one of its sources is newer than its bundle). So
// `npm start` and `npm run seed` start at once after the first build, and `npm start`'s
// supervisor is this process (npm's signals reach it; see package.json's `exec`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => path.join(root, ...parts);

/** The newest modification time among files under `entries` (files or directories). */
function newest(entries) {
  let latest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(file, name));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  entries.forEach(visit);
  return latest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

function step(what, command, args) {
  process.stdout.write(`[build] ${what}\n`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write(`[build] ${what} failed (exit ${run.status}); fix the errors above and run again\n`);
    process.exit(run.status ?? 1);
  }
}

const bin = (pkg, file) => at('node_modules', pkg, file);
const serverStamp = at('dist', '.build-stamp');
if (newest(['src', 'scripts', 'test', 'bench', 'tsconfig.json', 'package.json'].map((e) => at(e))) > mtime(serverStamp)) {
  step('compiling the server (tsc)', process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json']);
  fs.writeFileSync(serverStamp, new Date().toISOString());
}
const adminBundle = at('apps', 'admin', 'dist', 'index.html');
if (newest(['apps/admin/src', 'apps/admin/index.html', 'apps/admin/public', 'apps/admin/vite.config.ts', 'apps/admin/tsconfig.json'].map((e) => at(e))) > mtime(adminBundle)) {
  step('checking the dashboard (tsc)', process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'apps/admin/tsconfig.json']);
  step('bundling the dashboard (vite)', process.execPath, [bin('vite', 'bin/vite.js'), 'build', 'apps/admin', '--logLevel', 'warn']);
}

const [name, ...args] = process.argv.slice(2);
const script = at('dist', 'scripts', `${name}.js`);
if (!name || !fs.existsSync(script)) {
  process.stderr.write(`usage: node scripts/run.mjs <script> [args]; no dist/scripts/${name}.js\n`);
  process.exit(2);
}
process.argv = [process.argv[0], script, ...args];
await import(pathToFileURL(script).href);
