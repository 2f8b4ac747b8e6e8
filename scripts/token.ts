// `npm run token -- --role <admin|employer|sourcer> --sub <id> [--company <id>] [--email <e>] [--name <n>]`:
// prints an access token signed by the development identity provider, valid for an hour.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { loadOrCreateDevKey, signDevToken } from '../src/modules/auth/dev-idp.keys.js';
import { isRole, ROLES } from '../src/modules/auth/roles.js';
import { loadDotEnv, ROOT } from './paths.js';

const usage = `usage: npm run token -- --role <${ROLES.join('|')}> --sub <id> [--company <companyId>] [--email <e>] [--name <n>]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string', multiple: true }, sub: { type: 'string' }, company: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
  });
  const roles = values.role ?? [];
  if (!values.sub || roles.length === 0 || !roles.every(isRole)) throw new Error(usage);
  loadDotEnv();
  // Only the identity settings matter here; the data services need not be configured.
  const config = loadConfig({ MONGODB_URI: 'mongodb://unused', REDIS_URL: 'redis://unused', ...process.env });
  if (!config.AUTH_DEV_IDP) throw new Error('the development identity provider is disabled (AUTH_DEV_IDP=false)');
  const key = await loadOrCreateDevKey(path.resolve(ROOT, config.DEV_IDP_KEY_FILE));
  const token = await signDevToken(
    key,
    { sub: values.sub, roles, email: values.email, name: values.name, companyId: values.company },
    { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, rolesClaim: config.AUTH_ROLES_CLAIM, companyClaim: config.AUTH_COMPANY_CLAIM },
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
