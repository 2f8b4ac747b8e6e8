// .env.example is where a new deployment learns its settings ("npm start" points to it when the
// configuration is invalid, as "describes every variable"): every setting of AppConfig is there,
// set to an example or commented out, and nothing there is a setting that does not exist.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AppConfig } from '../../src/config/app-config.js';

const EXAMPLE = fileURLToPath(new URL('../../../.env.example', import.meta.url));
/** Variables .env.example may name that are read by `npm start` itself, not by AppConfig. */
const START_ONLY = ['CROWDHIRE_DATA_DIR'];

describe('.env.example', () => {
  const named = [...fs.readFileSync(EXAMPLE, 'utf8').matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
  const settings = Object.keys(new AppConfig());

  it('names every setting', () => {
    assert.deepEqual(settings.filter((key) => !named.includes(key)), []);
  });

  it('names no variable that nothing reads', () => {
    assert.deepEqual(named.filter((key) => !settings.includes(key) && !START_ONLY.includes(key)), []);
  });
});
