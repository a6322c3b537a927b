import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

/**
 * Where uploaded pieces and récapitulatifs are kept. The default is a local folder
 * (`${ESMS_DATA_DIR}/candidature-pieces`). For production, an S3-compatible backend (OVH, Scaleway, MinIO…)
 * implements the same three calls with PutObject / GetObject / DeleteObject on one private bucket, keys
 * unchanged; it is not needed to run the platform and is not shipped (no SDK installed).
 */
export interface PieceStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** null when the object does not exist. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/i;

export class LocalFolderStorage implements PieceStorage {
  readonly root: string;
  constructor(root = resolve(process.env['ESMS_DATA_DIR'] ?? 'data', 'candidature-pieces')) {
    this.root = resolve(root);
  }
  private path(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
    const p = resolve(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new Error(`invalid storage key ${key}`);
    return p;
  }
  async put(key: string, data: Buffer): Promise<void> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, data);
  }
  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

let current: PieceStorage | null = null;
/** The storage in use (local folder unless `setPieceStorage` was called, e.g. with an S3 implementation). */
export function pieceStorage(): PieceStorage {
  return (current ??= new LocalFolderStorage());
}
export function setPieceStorage(storage: PieceStorage | null): void {
  current = storage;
}
