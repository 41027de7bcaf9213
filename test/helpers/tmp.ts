import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const created: string[] = [];

/** A fresh directory under os.tmpdir(); removed by `removeTempDirs()` (call it in afterAll). */
export function makeTempDir(prefix = 'market-impact-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `text` to `dir/relPath`, creating parent directories. Returns the absolute path. */
export function writeText(dir: string, relPath: string, text: string | Buffer): string {
  const path = join(dir, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}
