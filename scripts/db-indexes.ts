// `npm run db:indexes`: creates every index the schemas declare and drops the ones they no
// longer do, collection by collection, before a rollout (production runs with autoIndex off).
// Fails clearly, naming the collection and index, when one cannot be built: most often
// duplicate values under a unique index, which need fixing in the data first.
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppModule } from '../src/app.module.js';
import { createLogger, NestPinoLogger } from '../src/common/logging/logger.js';
import { ConfigError, loadConfig } from '../src/config/config-loader.js';
import { loadDotEnv } from './paths.js';

const log = (line: string) => process.stdout.write(`[db:indexes] ${line}\n`);

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig({ ...process.env, MONGO_AUTO_INDEX: 'false' });
  const logger = createLogger({ LOG_LEVEL: 'warn' }, 'supervisor');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { logger: new NestPinoLogger(logger), abortOnError: false });
  const connection = app.get<Connection>(getConnectionToken());
  let failed = 0;
  try {
    for (const model of Object.values(connection.models).sort((a, b) => a.collection.name.localeCompare(b.collection.name))) {
      const collection = model.collection.name;
      try {
        const dropped = await model.syncIndexes();
        const present = (await model.listIndexes()).map((i) => i.name as string);
        log(`${collection}: ${present.length} indexes${dropped.length ? `; dropped ${dropped.join(', ')}` : ''}`);
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        const duplicate = /E11000|duplicate key/i.test(message);
        log(`${collection}: an index could not be built: ${message.split('\n')[0]}`);
        if (duplicate) log(`  ${collection} holds documents with the same value under a unique index: remove or merge them, then run again`);
      }
    }
  } finally {
    await app.close();
  }
  log(failed ? `${failed} collection(s) failed` : 'every index is in place');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof ConfigError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
