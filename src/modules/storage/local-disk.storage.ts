import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ObjectStorage } from './object-storage.js';

/** Files under one directory; a key maps to a path inside it and can never leave it. */
export class LocalDiskStorage extends ObjectStorage {
  readonly driver = 'local';

  constructor(private readonly root: string) {
    super();
  }

  private pathOf(key: string): string {
    if (!/^[a-z0-9][a-z0-9/_-]*$/i.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
    return path.join(this.root, key);
  }

  async putFile(key: string, source: string): Promise<void> {
    await this.store(key, (tmp) => fs.copyFile(source, tmp));
  }

  async putBytes(key: string, bytes: Uint8Array): Promise<void> {
    await this.store(key, (tmp) => fs.writeFile(tmp, bytes));
  }

  /**
   * Written beside the target, then renamed: a reader never sees half a file. The temporary name
   * is unique per call: two writers of one key (the same CV uploaded twice at once) never share it.
   */
  private async store(key: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const target = this.pathOf(key);
    if (await this.exists(key)) return;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await write(tmp);
    await fs.rename(tmp, target);
  }

  async exists(key: string): Promise<boolean> {
    return fs.access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async read(key: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}
