import { HttpError, type OperationHandlers } from './jira-simulator-http';

/** Issues (read, create, edit) and their entity properties. */
export const issueOperations: OperationHandlers = {
  getIssue: ({ control, q, issueRef }) => {
    const issue = control.issue(issueRef);
    const split = (value: unknown) =>
      Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? value.split(',') : undefined;
    return {
      status: 200,
      body: control.issueJson(issue, {
        fields: split(q.fields),
        expand: split(q.expand),
        properties: split(q.properties),
      }),
    };
  },
  createIssue: ({ control, input }) => {
    const properties = Object.fromEntries(
      ((input.properties ?? []) as { key: string; value: unknown }[]).map((p) => [p.key, p.value]),
    );
    const issue = control.insertIssue(
      (input.fields ?? {}) as Record<string, unknown>,
      properties,
      control.apiUser,
    );
    return {
      status: 201,
      body: { id: issue.id, key: issue.key, self: `${control.baseUrl}/rest/api/3/issue/${issue.id}` },
    };
  },
  editIssue: ({ control, input, issueRef }) => {
    const issue = control.issue(issueRef);
    if (input.update) throw new HttpError(400, ['The simulator supports edits through "fields" only.']);
    control.editIssue(issue.key, (input.fields ?? {}) as Record<string, unknown>, control.apiUser);
    return { status: 204 };
  },
  getIssuePropertyKeys: ({ control, issueRef }) => {
    const issue = control.issue(issueRef);
    return {
      status: 200,
      body: {
        keys: Object.keys(issue.properties).map((key) => ({
          key,
          self: `${control.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
        })),
      },
    };
  },
  getIssueProperty: ({ control, op, issueRef }) => {
    const issue = control.issue(issueRef);
    const key = op.pathParams.propertyKey;
    if (!(key in issue.properties))
      throw new HttpError(404, [`The property with key '${key}' does not exist.`]);
    return { status: 200, body: { key, value: issue.properties[key] } };
  },
  setIssueProperty: ({ control, op, body, issueRef }) => {
    const issue = control.issue(issueRef);
    const key = op.pathParams.propertyKey;
    if (key.length > 255)
      throw new HttpError(400, ['The property key cannot be longer than 255 characters.']);
    if (body === undefined) throw new HttpError(400, ['The property value must be a valid JSON value.']);
    if (Buffer.byteLength(JSON.stringify(body)) > 32_768)
      throw new HttpError(400, ['The property value cannot be longer than 32768 bytes.']);
    const existed = key in issue.properties;
    issue.properties[key] = body;
    control.persist();
    return { status: existed ? 200 : 201 };
  },
  deleteIssueProperty: ({ control, op, issueRef }) => {
    const issue = control.issue(issueRef);
    const key = op.pathParams.propertyKey;
    if (!(key in issue.properties))
      throw new HttpError(404, [`The property with key '${key}' does not exist.`]);
    delete issue.properties[key];
    control.persist();
    return { status: 204 };
  },
};
