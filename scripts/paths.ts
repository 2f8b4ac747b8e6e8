import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, found from the compiled location (dist/scripts/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = fileURLToPath(new URL('../', import.meta.url));

/** Loads `.env` into process.env when present; variables already set win. */
export function loadDotEnv(file = `${ROOT}.env`): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
