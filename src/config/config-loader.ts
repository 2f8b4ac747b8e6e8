// Loads the environment into AppConfig, and words what is wrong with it: one line per
// variable, naming the key, the value (secrets masked) and the rule it breaks.
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { AppConfig } from './app-config.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SECRET = /SECRET|TOKEN|PASSWORD|KEY_ID|ACCESS_KEY/;

/** The rule of an integer, enum or boolean setting, from its declared constraints. */
function derivedRule(property: string): string | null {
  const metas = getMetadataStorage()
    .getTargetValidationMetadatas(AppConfig, '', true, false)
    .filter((m) => m.propertyName === property);
  const has = (name: string) => metas.find((m) => m.name === name);
  const min = has('min')?.constraints[0] as number | undefined;
  const max = has('max')?.constraints[0] as number | undefined;
  if (has('isInt')) return max !== undefined ? `must be an integer from ${min} to ${max}` : min !== undefined ? `must be an integer of at least ${min}` : 'must be an integer';
  if (has('isIn')) return `must be one of ${(has('isIn')!.constraints[0] as unknown[]).join(', ')}`;
  if (has('isBoolean')) return 'must be true or false';
  return null;
}

/** One message for one variable: custom messages say it best; otherwise the declared rule. */
function describe(error: ValidationError, env: Record<string, string | undefined>): string {
  const key = error.property;
  const messages = Object.values(error.constraints ?? {});
  const custom = messages.find((m) => !m.startsWith(key)) ?? null;
  const rule = custom ?? derivedRule(key) ?? messages[0].replace(new RegExp(`^${key} `), '');
  const value = env[key];
  if (value === undefined || value === '') return `${key} is required: ${rule}`;
  const shown = SECRET.test(key) ? '(set)' : JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${key}=${shown}: ${rule}`;
}

/** Validates an environment (process.env by default); throws ConfigError naming each bad variable once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const present = Object.fromEntries(known.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const config = plainToInstance(AppConfig, present, { exposeDefaultValues: true });
  // Defaults that differ in production (unless set explicitly).
  if (present.API_DOCS_ENABLED === undefined && config.NODE_ENV === 'production') config.API_DOCS_ENABLED = false;
  if (present.MONGO_AUTO_INDEX === undefined && config.NODE_ENV === 'production') config.MONGO_AUTO_INDEX = false;
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.map((e) => describe(e, env)));
  return config;
}
