// Files the Worker bundle imports as text (wrangler.toml [[rules]] type = "Text").
declare module '*/web/static/app.js' { const text: string; export default text; }
declare module '*/web/static/study-view.js' { const text: string; export default text; }
declare module '*/web/static/page-state.js' { const text: string; export default text; }
declare module '*/web/static/docs-init.js' { const text: string; export default text; }
declare module '*.html' { const text: string; export default text; }
declare module '*.css' { const text: string; export default text; }
declare module '*/swagger-ui-dist/swagger-ui-bundle.js' { const text: string; export default text; }
