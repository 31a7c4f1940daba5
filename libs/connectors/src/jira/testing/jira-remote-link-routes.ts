import { HttpError, type OperationHandlers } from './jira-simulator-http';

/** Remote issue links ("web links"), upserted by `globalId` as Jira does. */
export const remoteLinkOperations: OperationHandlers = {
  getRemoteIssueLinks: ({ control, q, issueRef }) => {
    const issue = control.issue(issueRef);
    const links = issue.remoteLinks.filter((l) => q.globalId === undefined || l.globalId === q.globalId);
    if (q.globalId !== undefined && links.length === 0)
      throw new HttpError(404, ['No remote link with the given globalId exists on this issue.']);
    const json = links.map((l) => ({
      ...l,
      self: `${control.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${l.id}`,
    }));
    return { status: 200, body: q.globalId !== undefined ? json[0] : json };
  },
  createOrUpdateRemoteIssueLink: ({ control, input, issueRef }) => {
    const issue = control.issue(issueRef);
    const object = input.object as { url?: unknown; title?: unknown } & Record<string, unknown>;
    const errors: Record<string, string> = {};
    if (typeof object.url !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(object.url))
      errors.url = 'A valid URL is required.';
    if (typeof object.title !== 'string' || object.title === '') errors.title = 'Title is required.';
    if (Object.keys(errors).length) throw new HttpError(400, [], errors);
    const globalId = input.globalId as string | undefined;
    if (globalId && globalId.length > 255)
      throw new HttpError(400, [], { globalId: 'The globalId cannot be longer than 255 characters.' });
    const existing = globalId ? issue.remoteLinks.find((l) => l.globalId === globalId) : undefined;
    const link = {
      id: existing?.id ?? control.state.nextRemoteLinkId++,
      globalId,
      relationship: input.relationship as string | undefined,
      application: input.application,
      object: object as { url: string; title: string },
    };
    if (existing) Object.assign(existing, link);
    else issue.remoteLinks.push(link);
    control.persist();
    return {
      status: existing ? 200 : 201,
      body: { id: link.id, self: `${control.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${link.id}` },
    };
  },
};
