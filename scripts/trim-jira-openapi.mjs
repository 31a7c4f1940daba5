#!/usr/bin/env node
// Produces libs/connectors/openapi/jira-trimmed.json: the operations Portico calls, plus every schema they
// reference, from Atlassian's official Jira Cloud platform v3 OpenAPI document (downloaded from Atlassian's
// developer site). The Jira simulator validates requests against this copy, kept in the repository.
// Usage: node scripts/trim-jira-openapi.mjs <jira-cloud-platform-v3.openapi.json> [target.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2];
if (!source) {
  console.error(
    'Usage: node scripts/trim-jira-openapi.mjs <jira-cloud-platform-v3.openapi.json> [target.json]',
  );
  process.exit(2);
}
const target = process.argv[3] ?? resolve(root, 'libs/connectors/openapi/jira-trimmed.json');

/** path -> methods the client or the simulator serves. */
const OPERATIONS = {
  '/rest/api/3/myself': ['get'],
  '/rest/api/3/search/jql': ['get', 'post'],
  '/rest/api/3/search': ['get', 'post'],
  '/rest/api/3/field': ['get'],
  '/rest/api/3/issue': ['post'],
  '/rest/api/3/issue/{issueIdOrKey}': ['get', 'put'],
  '/rest/api/3/issue/{issueIdOrKey}/comment': ['get', 'post'],
  '/rest/api/3/issue/{issueIdOrKey}/comment/{id}': ['get', 'put', 'delete'],
  '/rest/api/3/issue/{issueIdOrKey}/attachments': ['post'],
  '/rest/api/3/attachment/content/{id}': ['get'],
  '/rest/api/3/attachment/{id}': ['get'],
  '/rest/api/3/issue/{issueIdOrKey}/transitions': ['get', 'post'],
  '/rest/api/3/issue/{issueIdOrKey}/properties': ['get'],
  '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}': ['get', 'put', 'delete'],
  '/rest/api/3/issue/{issueIdOrKey}/remotelink': ['get', 'post'],
};

// Prose and examples make up most of the document and play no part in validation.
const DROPPED_KEYWORDS = new Set(['description', 'example', 'examples', 'externalDocs', 'summary']);

function strip(node, isNameMap = false) {
  if (Array.isArray(node)) return node.map((item) => strip(item));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isNameMap && (DROPPED_KEYWORDS.has(key) || key.startsWith('x-'))) continue;
    // Children of these maps are names chosen by the author, never keywords.
    const childIsNameMap =
      !isNameMap && ['properties', 'schemas', 'responses', 'content', 'securitySchemes'].includes(key);
    out[key] = strip(value, childIsNameMap);
  }
  return out;
}

function collectRefs(node, found) {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else collectRefs(value, found);
    }
  }
}

const doc = JSON.parse(readFileSync(source, 'utf8'));
const paths = {};
for (const [path, methods] of Object.entries(OPERATIONS)) {
  const item = doc.paths[path];
  if (!item) throw new Error(`${path} is not in ${source}`);
  paths[path] = {};
  for (const method of methods) {
    if (!item[method]) throw new Error(`${method.toUpperCase()} ${path} is not in ${source}`);
    const { operationId, deprecated, parameters, requestBody, responses, security } = item[method];
    paths[path][method] = strip({ operationId, deprecated, parameters, requestBody, responses, security });
  }
}

const schemas = {};
const pending = new Set();
collectRefs(paths, pending);
while (pending.size > 0) {
  const ref = pending.values().next().value;
  pending.delete(ref);
  const name = ref.replace('#/components/schemas/', '');
  if (schemas[name]) continue;
  const schema = doc.components.schemas[name];
  if (!schema) throw new Error(`unresolved ${ref}`);
  schemas[name] = strip(schema);
  const nested = new Set();
  collectRefs(schemas[name], nested);
  nested.forEach((r) => schemas[r.replace('#/components/schemas/', '')] || pending.add(r));
}

const trimmed = {
  openapi: doc.openapi,
  info: {
    title: doc.info.title,
    version: doc.info.version,
    'x-trimmed-from': 'jira-cloud-platform-v3.openapi.json by scripts/trim-jira-openapi.mjs',
  },
  paths,
  components: {
    schemas: Object.fromEntries(
      Object.keys(schemas)
        .sort()
        .map((name) => [name, schemas[name]]),
    ),
    securitySchemes: strip(doc.components.securitySchemes, true),
  },
};
writeFileSync(target, JSON.stringify(trimmed, null, 1) + '\n');
console.log(`${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas -> ${target}`);
