/**
 * Contract checks against the app's own OpenAPI 3.1 document: which operations it declares, and
 * whether a response's status, media type and body match what the document promises.
 *
 * Validation uses Ajv's JSON Schema 2020-12 dialect (the dialect of OpenAPI 3.1) with formats.
 * `ajv` and `ajv-formats` are not direct dependencies of the project: they are present in
 * node_modules through yahoo-finance2 -> @modelcontextprotocol/sdk.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type JsonSchema = Record<string, unknown>;
export type MediaTypes = Record<string, { schema?: JsonSchema }>;
export type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema };
export type ResponseObject = { description: string; content?: MediaTypes };
export type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: MediaTypes };
  responses: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
};
export type OpenApiDoc = {
  openapi: string;
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
  components?: Record<string, unknown>;
};

export type DocumentedOperation = { method: HttpMethod; path: string; op: Operation; key: string };

/** Every path + method the document declares, as `METHOD /path` keys. */
export function documentedOperations(doc: OpenApiDoc): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const op = item[method];
      return op ? [{ method, path, op, key: `${method.toUpperCase()} ${path}` }] : [];
    }),
  );
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(contentType: string | null): string | null {
  if (!contentType) return null;
  return contentType.split(';')[0]!.trim().toLowerCase();
}

// ajv-formats is CommonJS: depending on the loader its default import is the plugin or the module.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

/** Compiles (and caches) validators for schemas taken from one OpenAPI document. */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<JsonSchema, ValidateFunction>();

  constructor(private readonly doc: OpenApiDoc) {
    // strict: false — OpenAPI adds keywords JSON Schema does not know (`example`), and zod emits
    // tuples as `prefixItems` without `items`, which strict mode rejects.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
  }

  /** The validation errors of `value` against `schema` (refs resolve into the document's components). */
  errors(schema: JsonSchema, value: unknown): string[] {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile({ ...schema, components: this.doc.components ?? {} });
      this.cache.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)} [${e.schemaPath}]`);
  }
}

/** A response as read once: status, media type, raw text and (for JSON media types) the parsed body. */
export type ReadResponse = { status: number; headers: Headers; mediaType: string | null; text: string; json?: unknown };

export async function readResponse(res: Response): Promise<ReadResponse> {
  const text = await res.text();
  const type = mediaType(res.headers.get('content-type'));
  const out: ReadResponse = { status: res.status, headers: res.headers, mediaType: type, text };
  if (type && /^application\/([a-z0-9.+-]*\+)?json$/.test(type)) out.json = JSON.parse(text);
  return out;
}

/**
 * What is wrong with `res` as a response of `op` (empty when it matches the document):
 * the status must be documented; a documented body's media type must be one of the documented
 * ones and its JSON must validate; a documented response without content must have no body.
 */
export function contractViolations(validator: SchemaValidator, op: Operation, res: ReadResponse): string[] {
  const documented = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses.default;
  if (!documented) {
    return [`status ${res.status} is not documented (documented: ${Object.keys(op.responses).join(', ')}); body: ${res.text.slice(0, 300)}`];
  }
  if (!documented.content || Object.keys(documented.content).length === 0) {
    return res.text === '' ? [] : [`status ${res.status} is documented without content but has a body: ${res.text.slice(0, 200)}`];
  }
  const entry = res.mediaType ? documented.content[res.mediaType] : undefined;
  if (!entry) {
    return [`content-type ${res.mediaType} is not documented for ${res.status} (documented: ${Object.keys(documented.content).join(', ')})`];
  }
  if (!entry.schema) return [];
  const value = res.json !== undefined ? res.json : res.text;
  return validator.errors(entry.schema, value).map((e) => `${res.status} ${res.mediaType} body: ${e}`);
}
