import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import trimmedDocument from '../../../openapi/jira-trimmed.json';

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { type?: string; items?: { type?: string } };
}

interface OpenApiOperation {
  operationId: string;
  deprecated?: boolean;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface MatchedOperation {
  operationId: string;
  /** Path template from the document, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  template: string;
  pathParams: Record<string, string>;
  /** Query parameters coerced to the types the document declares. */
  query: Record<string, unknown>;
}

/** A request that breaks the OpenAPI document, described in Jira's `ErrorCollection` shape. */
export interface OpenApiViolation {
  errorMessages: string[];
  errors: Record<string, string>;
}

const DOCUMENT_ID = 'jira-trimmed.json';

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Matches simulator requests to operations of the trimmed official Jira document and validates parameters and
 * JSON bodies with ajv, so the simulator rejects what real Jira would reject by schema.
 */
export class OpenApiRequestValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: {
    method: string;
    template: string;
    pattern: RegExp;
    names: string[];
    operation: OpenApiOperation;
  }[] = [];
  private readonly bodyValidators = new Map<string, ValidateFunction>();
  private readonly responseValidators = new Map<string, ValidateFunction>();

  constructor(
    document: { paths: Record<string, Record<string, OpenApiOperation>> } = trimmedDocument as never,
  ) {
    addFormats(this.ajv);
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31,
    });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    // Jira writes offsets without a colon (`2022-10-06T07:32:47.000+0000`) although the document says date-time.
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i);
    this.ajv.addSchema(document as object, DOCUMENT_ID);
    for (const [template, item] of Object.entries(document.paths)) {
      const names: string[] = [];
      const pattern = new RegExp(
        '^' +
          template.replace(/[.*+?^$|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
            names.push(name);
            return '([^/]+)';
          }) +
          '/?$',
      );
      for (const [method, operation] of Object.entries(item)) {
        this.routes.push({ method: method.toUpperCase(), template, pattern, names, operation });
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (response.content?.['application/json']?.schema === undefined) continue;
          const pointer = [
            'paths',
            template,
            method,
            'responses',
            status,
            'content',
            'application/json',
            'schema',
          ]
            .map(escapePointer)
            .join('/');
          this.responseValidators.set(
            `${method.toUpperCase()} ${template} ${status}`,
            this.ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` }),
          );
        }
        const jsonBody = operation.requestBody?.content?.['application/json'];
        if (jsonBody?.schema !== undefined) {
          const pointer = ['paths', template, method, 'requestBody', 'content', 'application/json', 'schema']
            .map(escapePointer)
            .join('/');
          this.bodyValidators.set(
            `${method.toUpperCase()} ${template}`,
            this.ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` }),
          );
        }
      }
    }
    // Literal segments must win over parameters (`/search/jql` before `/search/{x}`-like templates).
    this.routes.sort(
      (a, b) => b.template.replace(/\{\w+\}/g, '').length - a.template.replace(/\{\w+\}/g, '').length,
    );
  }

  /** `undefined` when the document has no such operation. */
  match(
    method: string,
    pathname: string,
    search: URLSearchParams,
  ): { operation: MatchedOperation } | { violation: OpenApiViolation } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      try {
        route.names.forEach((name, index) => (pathParams[name] = decodeURIComponent(found[index + 1])));
      } catch {
        return {
          violation: {
            errorMessages: [`The path ${pathname} is not correctly percent-encoded.`],
            errors: {},
          },
        };
      }
      const errors: Record<string, string> = {};
      const query: Record<string, unknown> = {};
      for (const parameter of route.operation.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        const raw = search.getAll(parameter.name);
        if (raw.length === 0) {
          if (parameter.required) errors[parameter.name] = `The '${parameter.name}' parameter is required.`;
          continue;
        }
        const coerced = coerce(raw, parameter.schema ?? {});
        if (coerced.error)
          errors[parameter.name] = `The value '${raw.join(',')}' of '${parameter.name}' ${coerced.error}.`;
        else query[parameter.name] = coerced.value;
      }
      if (Object.keys(errors).length > 0) return { violation: { errorMessages: [], errors } };
      return {
        operation: { operationId: route.operation.operationId, template: route.template, pathParams, query },
      };
    }
    return undefined;
  }

  /** Validates a JSON body; `undefined` when it conforms. */
  validateBody(
    method: string,
    template: string,
    body: unknown,
    bodyPresent: boolean,
  ): OpenApiViolation | undefined {
    const route = this.routes.find((r) => r.method === method && r.template === template);
    if (!route?.operation.requestBody) return undefined;
    if (!bodyPresent) {
      return route.operation.requestBody.required
        ? { errorMessages: ['No content to map to Object due to end of input'], errors: {} }
        : undefined;
    }
    const validate = this.bodyValidators.get(`${method} ${template}`);
    if (!validate || validate(body)) return undefined;
    return describe(validate.errors ?? []);
  }

  /** Checks a JSON response against the document's schema for that status; `undefined` when it conforms. */
  validateResponse(
    method: string,
    template: string,
    status: number,
    body: unknown,
  ): OpenApiViolation | undefined {
    const validate = this.responseValidators.get(`${method} ${template} ${status}`);
    if (!validate || validate(body)) return undefined;
    return describe(validate.errors ?? []);
  }
}

export function describeViolation(violation: OpenApiViolation): string {
  return [...violation.errorMessages, ...Object.values(violation.errors)].join(' ');
}

function coerce(
  raw: string[],
  schema: { type?: string; items?: { type?: string } },
): { value?: unknown; error?: string } {
  const one = (text: string, type: string | undefined): { value?: unknown; error?: string } => {
    if (type === 'integer')
      return /^-?\d+$/.test(text) ? { value: Number(text) } : { error: 'is not an integer' };
    if (type === 'boolean')
      return text === 'true' || text === 'false' ? { value: text === 'true' } : { error: 'is not a boolean' };
    return { value: text };
  };
  if (schema.type === 'array') {
    // Jira accepts both repeated parameters and comma-separated lists.
    const items = raw.flatMap((value) => value.split(',')).filter((value) => value !== '');
    const values: unknown[] = [];
    for (const item of items) {
      const result = one(item, schema.items?.type);
      if (result.error) return result;
      values.push(result.value);
    }
    return { value: values };
  }
  return one(raw[raw.length - 1], schema.type);
}

function describe(errors: ErrorObject[]): OpenApiViolation {
  const fieldErrors: Record<string, string> = {};
  const errorMessages: string[] = [];
  for (const error of errors) {
    const path = error.instancePath.split('/').filter(Boolean);
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
    const field = missing ?? path[path.length - 1];
    const where = [...path, ...(missing ? [missing] : [])].join('.');
    const message = missing ? `'${where}' is required.` : `'${where || 'body'}' ${error.message}.`;
    if (field && !fieldErrors[field]) fieldErrors[field] = message;
    else if (!field) errorMessages.push(message);
  }
  return {
    errorMessages: errorMessages.length ? errorMessages : ['The JSON does not match the API schema.'],
    errors: fieldErrors,
  };
}
