// `node dist/src/db-indexes.js` (npm run db:indexes; the Kubernetes Job before a rollout):
// creates every index the schemas declare and drops the ones they no longer do, collection by
// collection (production runs with autoIndex off). Fails clearly, naming the collection, when
// an index cannot be built: most often duplicates under a unique index, to be fixed first.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppModule } from './app.module.js';
import { loadConfigOrExit } from './bootstrap/lifecycle.js';
import { createLogger, NestPinoLogger } from './common/logging/logger.js';

const log = (line: string) => process.stdout.write(`[db:indexes] ${line}\n`);

async function main(): Promise<number> {
  const config = loadConfigOrExit('db:indexes');
  // Indexes are built below, one collection at a time, with errors reported; not at connect.
  config.MONGO_AUTO_INDEX = false;
  const logger = createLogger({ LOG_LEVEL: 'warn' }, 'supervisor');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { logger: new NestPinoLogger(logger), abortOnError: false });
  const connection = app.get<Connection>(getConnectionToken());
  let failed = 0;
  try {
    for (const model of Object.values(connection.models).sort((a, b) => a.collection.name.localeCompare(b.collection.name))) {
      const collection = model.collection.name;
      try {
        const dropped = await model.syncIndexes();
        const present = await model.listIndexes();
        log(`${collection}: ${present.length} indexes${dropped.length ? `; dropped ${dropped.join(', ')}` : ''}`);
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        log(`${collection}: an index could not be built: ${message.split('\n')[0]}`);
        if (/E11000|duplicate key/i.test(message)) log(`  ${collection} holds documents with the same value under a unique index: remove or merge them, then run again`);
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
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
