// Starts Swagger UI (served by this app from the swagger-ui-dist package) on the app's own contract.
window.ui = window.SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
