// Where stored files live (uploaded CVs, ranking index snapshots), behind one small interface: local disk by default, an
// S3-compatible bucket in production (STORAGE_DRIVER). Keys are ours (content hashes), never
// client file names.
export abstract class ObjectStorage {
  abstract readonly driver: string;
  /** Stores the file at `path` under `key`; storing a key that exists is a no-op. */
  abstract putFile(key: string, path: string, contentType: string): Promise<void>;
  /** Stores `bytes` under `key` (no temporary file on this machine); storing a key that exists is a no-op. */
  abstract putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  abstract exists(key: string): Promise<boolean>;
  abstract read(key: string): Promise<Buffer>;
  abstract delete(key: string): Promise<void>;
}
