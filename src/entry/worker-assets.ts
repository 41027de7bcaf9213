import { ASSETS, type AssetName, type StaticAssets } from '../web/static-assets.js';
// Imported as text by the module rules in wrangler.toml: the Worker has no file system, so the
// files are bundled at build time (declarations in web/static-modules.d.ts).
import appJs from '../web/static/app.js';
import docsHtml from '../web/static/docs.html';
import docsInitJs from '../web/static/docs-init.js';
import indexHtml from '../web/static/index.html';
import pageStateJs from '../web/static/page-state.js';
import studyViewJs from '../web/static/study-view.js';
import styleCss from '../web/static/style.css';
import swaggerBundle from '../../node_modules/swagger-ui-dist/swagger-ui-bundle.js';
import swaggerCss from '../../node_modules/swagger-ui-dist/swagger-ui.css';

const BODIES: Record<AssetName, string> = {
  'index.html': indexHtml,
  'app.js': appJs,
  'study-view.js': studyViewJs,
  'page-state.js': pageStateJs,
  'style.css': styleCss,
  'docs.html': docsHtml,
  'docs-init.js': docsInitJs,
  'swagger-ui-bundle.js': swaggerBundle,
  'swagger-ui.css': swaggerCss,
};

export const workerAssets: StaticAssets = (name) => ({ body: BODIES[name], type: ASSETS[name].type });
