#!/usr/bin/env node
// `npm run token -- --role <admin|employer|sourcer> --sub <id> [--company <id>] [--email <e>] [--name <n>]`
// prints an access token from the development identity provider of the running API (npm
// start), at once: no build. The same as
//   curl -s -X POST localhost:3000/dev-idp/token -H 'content-type: application/json' \
//     -d '{"role":"employer","sub":"auth0-emp1"}'
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const usage = 'usage: npm run token -- --role <admin|employer|sourcer> --sub <id> [--company <companyId>] [--email <e>] [--name <n>] [--url <api>]';

function port() {
  if (process.env.PORT) return process.env.PORT;
  const env = new URL('../.env', import.meta.url);
  const line = fs.existsSync(env) ? fs.readFileSync(env, 'utf8').split('\n').find((l) => /^\s*PORT\s*=/.test(l)) : undefined;
  return line ? line.split('=')[1].trim() : '3000';
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      company: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  // An unknown option or a stray argument: say which, and how to call it (not a stack trace).
  process.stderr.write(`${error.message}\n${usage}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (!values.sub || !values.role?.length) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
/** What is wrong and how to call it; nothing is asked of the API. (scripts/cli.ts does the same for the built scripts.) */
function refuse(message) {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}
const ROLES = ['admin', 'employer', 'sourcer'];
const unknownRole = values.role.find((role) => !ROLES.includes(role));
if (unknownRole !== undefined) refuse(`--role must be admin, employer or sourcer (got '${unknownRole}')`);
const target = values.url ?? `http://localhost:${port()}`;
if (!/^https?:$/.test(URL.parse(target)?.protocol ?? '')) {
  refuse(values.url === undefined ? `PORT must be a port number (got '${port()}')` : `--url must be an http:// or https:// URL (got '${values.url}')`);
}
const base = target.replace(/\/$/, '');
const body = { roles: values.role, sub: values.sub, name: values.name, email: values.email, companyId: values.company };
let res;
try {
  res = await fetch(`${base}/dev-idp/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
} catch {
  process.stderr.write(`nothing answers at ${base}: start the API with \`npm start\` (or pass --url)\n`);
  process.exit(1);
}
const text = await res.text();
if (res.status !== 200) {
  const reason = res.status === 404 ? 'the development identity provider is off there (AUTH_DEV_IDP=false)' : text;
  process.stderr.write(`${base}/dev-idp/token answered ${res.status}: ${reason}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.parse(text).access_token}\n`);
