import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { startNodeFlags } from '../helpers/start-flags.js';

/**
 * Lints the analytics tier's Dockerfile without building it (no Docker here): a pinned base
 * image, a non-root user, a health check, and everything `npm start` reads copied in.
 */
type Instruction = { op: string; args: string };

/** Dockerfile instructions with line continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const all = (op: string) => dockerfile.filter((i) => i.op === op);
const last = (op: string) => dockerfile.map((i, n) => [i, n] as const).filter(([i]) => i.op === op).at(-1);

describe('Dockerfile of the analytics tier', () => {
  it('pins every base image to a digest or an exact version', () => {
    const froms = all('FROM');
    expect(froms.length).toBeGreaterThan(0);
    for (const { args } of froms) {
      const image = args.split(/\s+/)[0]!;
      expect(image, image).toMatch(/@sha256:[0-9a-f]{64}$|:\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/);
    }
  });

  it('runs as a non-root user: the last USER is not root and comes before CMD', () => {
    const user = last('USER');
    expect(user).toBeDefined();
    expect(user![0].args).not.toMatch(/^(root|0)(:|$)/);
    expect(user![1]).toBeLessThan(last('CMD')![1]);
    // Whatever runs after USER (the optional extension install) runs as that user, not root.
    expect(dockerfile.slice(user![1]).some((i) => i.op === 'USER' && /^(root|0)/.test(i.args))).toBe(false);
  });

  it('has a health check on /health at the port it exposes and serves on', () => {
    const health = all('HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]!.args).not.toMatch(/^NONE/i);
    const port = /PORT=(\d+)/.exec(all('ENV').map((e) => e.args).join(' '))?.[1];
    expect(port).toBeDefined();
    expect(health[0]!.args).toContain(`127.0.0.1:${port}/health`);
    expect(all('EXPOSE').map((e) => e.args)).toContain(port);
    // The container class forwards to the same port.
    expect(readFileSync(join(ROOT, 'src/edge/analytics-container.ts'), 'utf8')).toContain(`defaultPort = ${port}`);
    expect(all('ENV').map((e) => e.args).join(' ')).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('starts the Node server as `npm start` does, and copies what it reads at run time', () => {
    const cmd = JSON.parse(all('CMD').at(-1)!.args) as string[];
    expect(cmd.at(-1)).toBe('src/entry/node.ts');
    expect(startNodeFlags().length).toBeGreaterThan(0);
    expect(cmd.filter((a) => a.startsWith('--') && a !== '--import')).toEqual(startNodeFlags());
    const copied = all('COPY').flatMap((c) => c.args.split(/\s+/).slice(0, -1));
    for (const needed of ['package-lock.json', 'src', 'queries', 'data/events.json']) {
      expect(copied.join(' '), needed).toContain(needed);
      expect(existsSync(join(ROOT, needed)), needed).toBe(true);
    }
    expect(all('RUN').map((r) => r.args).join(' ')).toMatch(/npm ci --omit=dev/);
  });

  it('keeps node_modules and databases out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', '.git', 'data/*.duckdb']) expect(ignored).toContain(entry);
  });
});
