import { evaluateJql, issueKeysNamed, JqlError, parseJql, type JqlQuery } from './jql';
import type { JiraSimulatorControl } from './jira-simulator-control';
import type { SimIssue } from './jira-simulator-state';
import { HttpError, type OperationContext, type OperationHandlers, type Result } from './jira-simulator-http';
import { fieldCatalogue } from './jira-user-field-routes';

const REMOVED_SEARCH_MESSAGE =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

function issueNumber(key: string): number {
  return Number(key.split('-')[1]);
}

interface PageToken {
  offset: number;
  jql: string;
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(value: string, jql: string): PageToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as PageToken;
    if (typeof token.offset === 'number' && token.jql === jql) return token;
  } catch {
    // fall through
  }
  throw new HttpError(400, ['The provided next page token is invalid or expired.']);
}

function compareIssues(query: JqlQuery, control: JiraSimulatorControl) {
  const order = query.orderBy.length ? query.orderBy : [{ field: 'created', direction: 'desc' as const }];
  return (a: SimIssue, b: SimIssue): number => {
    for (const { field, direction } of order) {
      const sign = direction === 'desc' ? -1 : 1;
      let left: string | number;
      let right: string | number;
      if (field === 'key' || field === 'issuekey' || field === 'id') {
        left = issueNumber(a.key);
        right = issueNumber(b.key);
      } else if (field === 'priority') {
        // Priority sorts by rank (Highest has the lowest id), so ORDER BY priority DESC lists Highest first.
        left = -Number(a.priorityId);
        right = -Number(b.priorityId);
      } else {
        const l = control.jqlSubject(a).field(field);
        const r = control.jqlSubject(b).field(field);
        if (l === undefined)
          throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
        left = String(Array.isArray(l) ? l[0] : (l ?? ''));
        right = String(Array.isArray(r) ? r[0] : (r ?? ''));
      }
      if (left < right) return -sign;
      if (left > right) return sign;
    }
    return issueNumber(b.key) - issueNumber(a.key);
  };
}

interface SearchInput {
  jql?: string;
  nextPageToken?: string;
  startAt?: number;
  maxResults?: number;
  fields?: string[];
  expand?: string | string[];
  properties?: string[];
  reconcileIssues?: number[];
}

function findIssues(control: JiraSimulatorControl, input: SearchInput, allowUnbounded: boolean) {
  const jql = (input.jql ?? '').trim();
  if ((input.reconcileIssues?.length ?? 0) > 50)
    throw new HttpError(400, [], { reconcileIssues: 'At most 50 issue ids can be reconciled.' });
  if ((input.properties?.length ?? 0) > 5)
    throw new HttpError(400, [], { properties: 'At most 5 issue property keys can be requested.' });
  try {
    const query = parseJql(jql);
    if (!query.where && !allowUnbounded)
      throw new HttpError(400, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    const unknown = issueKeysNamed(query.where).find(({ key }) => !control.findIssue(key));
    if (unknown)
      throw new HttpError(400, [
        `An issue with key '${unknown.key}' does not exist for field '${unknown.field}'.`,
      ]);
    const matches = control.state.issues
      .filter((issue) => control.searchable(issue, input.reconcileIssues))
      .filter((issue) => evaluateJql(query.where, control.jqlSubject(issue), Date.now(), control.timeZone))
      .sort(compareIssues(query, control));
    const fields = input.fields?.length ? input.fields : ['id'];
    const expand = (Array.isArray(input.expand) ? input.expand : (input.expand ?? '').split(','))
      .map((e) => e.trim())
      .filter(Boolean);
    const render = (issue: SimIssue) =>
      fields.length === 1 && fields[0] === 'id' && !expand.length
        ? { id: issue.id }
        : control.issueJson(issue, {
            fields: fields.filter((f) => f !== 'id' && f !== 'key'),
            expand,
            properties: input.properties,
          });
    const names = expand.includes('names')
      ? { names: Object.fromEntries(fieldCatalogue().map((f) => [f.id, f.name])) }
      : {};
    return { jql, matches, fields, render, names };
  } catch (error) {
    if (error instanceof JqlError) throw new HttpError(400, [error.message]);
    throw error;
  }
}

/** Cloud's enhanced search: opaque `nextPageToken`, no total. */
function search(control: JiraSimulatorControl, input: SearchInput) {
  const { jql, matches, fields, render, names } = findIssues(control, input, false);
  const idsOnly = fields.every((f) => f === 'id' || f === 'key');
  const pageSize = Math.min(Math.max(input.maxResults ?? 50, 1), idsOnly ? 5000 : 100);
  const offset = input.nextPageToken ? decodeToken(input.nextPageToken, jql).offset : 0;
  const more = offset + pageSize < matches.length;
  return {
    issues: matches.slice(offset, offset + pageSize).map(render),
    ...(more ? { nextPageToken: encodeToken({ offset: offset + pageSize, jql }) } : {}),
    isLast: !more,
    ...names,
  };
}

/** Data Center's (and formerly Cloud's) offset search: `startAt`, `maxResults`, `total`. */
function offsetSearch(control: JiraSimulatorControl, input: SearchInput) {
  const { matches, render, names } = findIssues(
    control,
    { ...input, fields: input.fields ?? ['*navigable'] },
    true,
  );
  const startAt = Math.max(input.startAt ?? 0, 0);
  const maxResults = Math.min(Math.max(input.maxResults ?? 50, 1), 1000);
  return {
    expand: 'names,schema',
    startAt,
    maxResults,
    total: matches.length,
    issues: matches.slice(startAt, startAt + maxResults).map(render),
    ...names,
  };
}

function enhancedSearch({ control, op, q, input, dataCenter }: OperationContext): Result {
  if (dataCenter) throw new HttpError(404, ['Data Center has no enhanced search; use /rest/api/2/search.']);
  return { status: 200, body: search(control, op.operationId.endsWith('Post') ? input : q) };
}

/** JQL search: Cloud's enhanced search (`/search/jql`), Data Center's offset search (`/search`). */
export const searchOperations: OperationHandlers = {
  searchForIssuesUsingJql: ({ control, q, dataCenter }) => {
    if (dataCenter) return { status: 200, body: offsetSearch(control, q) };
    return { status: 410, body: { errorMessages: [REMOVED_SEARCH_MESSAGE], errors: {} } };
  },
  searchForIssuesUsingJqlPost: ({ control, input, dataCenter }) => {
    if (dataCenter) return { status: 200, body: offsetSearch(control, input) };
    return { status: 410, body: { errorMessages: [REMOVED_SEARCH_MESSAGE], errors: {} } };
  },
  searchAndReconsileIssuesUsingJql: (context) => enhancedSearch(context),
  searchAndReconsileIssuesUsingJqlPost: (context) => enhancedSearch(context),
};
