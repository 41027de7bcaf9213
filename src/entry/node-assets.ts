import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ASSETS, type StaticAssets } from '../web/static-assets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The page and API-reference files, read from the repository (and node_modules) once, on first use. */
export function nodeAssets(): StaticAssets {
  const cache = new Map<string, string>();
  return (name) => {
    const asset = ASSETS[name];
    if (!cache.has(name)) cache.set(name, readFileSync(`${ROOT}${asset.path}`, 'utf8'));
    return { body: cache.get(name)!, type: asset.type };
  };
}
