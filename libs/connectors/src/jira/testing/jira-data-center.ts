import { adfToWikiMarkup } from '../../adf/adf-to-wiki';
import { isAdfDocument, textToAdf } from '../../adf/text-to-adf';
import { HttpError } from './jira-simulator-http';

/** Data Center takes wiki-markup strings where Cloud takes ADF; the simulator keeps ADF internally. */
export function wikiRequestToAdf(operationId: string, body: unknown): unknown {
  const asAdf = (value: unknown, field: string) => {
    if (value === undefined || value === null) return value;
    if (typeof value !== 'string')
      throw new HttpError(400, [], { [field]: 'Operation value must be a string' });
    // Markup is kept as text, minus its escapes, so escaped text reads back exactly as it was sent.
    return textToAdf(value.replace(/\\(.)/g, '$1'));
  };
  const input = body as Record<string, any> | undefined;
  if (!input || typeof input !== 'object') return body;
  if (
    (operationId === 'createIssue' || operationId === 'editIssue') &&
    input.fields &&
    'description' in input.fields
  )
    return {
      ...input,
      fields: { ...input.fields, description: asAdf(input.fields.description, 'description') },
    };
  if (operationId === 'addComment') return { ...input, body: asAdf(input.body, 'comment') };
  if (operationId === 'doTransition' && input.update?.comment?.[0]?.add)
    return {
      ...input,
      update: { comment: [{ add: { body: asAdf(input.update.comment[0].add.body, 'comment') } }] },
    };
  return body;
}

/** Replaces every ADF document in a response with the wiki markup Data Center would return. */
export function adfToWikiDeep(value: unknown): unknown {
  if (isAdfDocument(value)) return adfToWikiMarkup(value);
  if (Array.isArray(value)) return value.map(adfToWikiDeep);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, adfToWikiDeep(inner)]));
  return value;
}
