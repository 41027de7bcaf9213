/**
 * The files the app serves to browsers: the web page and the API reference (Swagger UI's own
 * build). Each runtime reads them its own way (Node from disk, the Worker from modules bundled
 * at build time), behind this one lookup. Nothing is loaded from a CDN.
 */
export type StaticAsset = { body: string; type: string };
export type StaticAssets = (name: AssetName) => StaticAsset | undefined;

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/** Every served file: its name in URLs, its media type, and where it lives in the repository. */
export const ASSETS = {
  'index.html': { type: HTML, path: 'src/web/static/index.html' },
  'app.js': { type: JS, path: 'src/web/static/app.js' },
  'study-view.js': { type: JS, path: 'src/web/static/study-view.js' },
  'page-state.js': { type: JS, path: 'src/web/static/page-state.js' },
  'style.css': { type: CSS, path: 'src/web/static/style.css' },
  'docs.html': { type: HTML, path: 'src/web/static/docs.html' },
  'docs-init.js': { type: JS, path: 'src/web/static/docs-init.js' },
  'swagger-ui-bundle.js': { type: JS, path: 'node_modules/swagger-ui-dist/swagger-ui-bundle.js' },
  'swagger-ui.css': { type: CSS, path: 'node_modules/swagger-ui-dist/swagger-ui.css' },
} as const;
export type AssetName = keyof typeof ASSETS;

export const isAssetName = (name: string): name is AssetName => Object.hasOwn(ASSETS, name);
