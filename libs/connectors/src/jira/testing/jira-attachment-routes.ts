import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { JiraSimulatorControl } from './jira-simulator-control';
import type { SimIssue } from './jira-simulator-state';
import { credentialsMatch, HttpError, send, type OperationHandlers } from './jira-simulator-http';

/** Signs the short-lived media URLs attachment downloads redirect to; new per process, as nothing outlives it. */
const MEDIA_KEY = randomBytes(32);
const MEDIA_URL_SECONDS = 300;

function mediaToken(attachmentId: string, expires: number): string {
  return createHmac('sha256', MEDIA_KEY).update(`${attachmentId}:${expires}`).digest('base64url');
}

/** Where Jira Cloud's 303 for an attachment points: a media URL that carries its own token, like api.media.atlassian.com. */
function mediaUrl(baseUrl: string, attachment: SimIssue['attachments'][number]): string {
  const expires = Math.floor(Date.now() / 1000) + MEDIA_URL_SECONDS;
  const query = new URLSearchParams({
    token: `${expires}.${mediaToken(attachment.id, expires)}`,
    dl: 'true',
    name: attachment.filename,
  });
  return `${baseUrl}/media/file/${attachment.id}/binary?${query}`;
}

/** `GET /media/file/{id}/binary?token=`: the content, for a valid unexpired token only (no Jira credentials needed). */
export function serveMedia(
  control: JiraSimulatorControl,
  method: string,
  url: URL,
  response: ServerResponse,
): void {
  const id = /^\/media\/file\/([0-9]+)\/binary$/.exec(url.pathname)?.[1];
  const [expires, signature] = (url.searchParams.get('token') ?? '').split('.');
  const valid =
    method === 'GET' &&
    id !== undefined &&
    Number(expires) * 1000 > Date.now() &&
    !!signature &&
    credentialsMatch(signature, mediaToken(id, Number(expires)));
  const attachment = valid
    ? control.state.issues.flatMap((issue) => issue.attachments).find((a) => a.id === id)
    : undefined;
  const status = !valid ? 401 : attachment ? 200 : 404;
  control.record({ method, path: url.pathname, operationId: 'getMediaFile', status });
  if (!attachment)
    return send(response, status, { error: status === 401 ? 'Invalid or expired token' : 'File not found' });
  const content = Buffer.from(attachment.content, 'base64');
  send(response, 200, content, {
    'Content-Type': attachment.mimeType,
    'Content-Length': String(content.length),
  });
}

/** `GET /secure/attachment/{id}/{filename}`: where an authenticated Data Center client reads an attachment's file. */
export function serveSecureAttachment(
  control: JiraSimulatorControl,
  method: string,
  url: URL,
  response: ServerResponse,
): void {
  const id = /^\/secure\/attachment\/([0-9]+)\/[^/]+$/.exec(url.pathname)?.[1];
  const attachment =
    method === 'GET' && id
      ? control.state.issues.flatMap((issue) => issue.attachments).find((a) => a.id === id)
      : undefined;
  control.record({
    method,
    path: url.pathname,
    operationId: 'getSecureAttachment',
    status: attachment ? 200 : 404,
  });
  if (!attachment) return send(response, 404, { errorMessages: ['Attachment not found.'], errors: {} });
  const content = Buffer.from(attachment.content, 'base64');
  send(response, 200, content, {
    'Content-Type': attachment.mimeType,
    'Content-Length': String(content.length),
  });
}

interface UploadedFile {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Parts named `file`, as Jira reads them; stray text parts are ignored. */
export function uploadedFiles(form: FormData): UploadedFile[] {
  return form.getAll('file').filter((part) => typeof part !== 'string') as unknown as UploadedFile[];
}

/** Attachments: upload (multipart), metadata, and the content (Cloud redirects to a signed media URL). */
export const attachmentOperations: OperationHandlers = {
  addAttachment: async ({ control, issueRef, multipart, maxAttachmentBytes }) => {
    const issue = control.issue(issueRef);
    const files = multipart ? uploadedFiles(multipart) : [];
    if (files.length === 0)
      throw new HttpError(400, ['No file was attached; send the content in a multipart part named "file".']);
    if (files.length > 60) throw new HttpError(413, ['A request may attach at most 60 files.']);
    const added = [];
    for (const file of files) {
      if (file.size > maxAttachmentBytes)
        throw new HttpError(413, [`The file '${file.name}' is larger than the maximum attachment size.`]);
      const attachment = {
        id: String(control.state.nextAttachmentId++),
        filename: file.name,
        mimeType: file.type || 'application/octet-stream',
        size: file.size,
        created: new Date().toISOString(),
        author: control.apiUser,
        content: Buffer.from(await file.arrayBuffer()).toString('base64'),
      };
      issue.attachments.push(attachment);
      added.push(control.attachmentJson(attachment));
    }
    control.touch(issue);
    control.fireIssueEvent('jira:issue_updated', issue, control.apiUser, 'issue_updated', [
      {
        field: 'Attachment',
        fieldId: 'attachment',
        from: null,
        fromString: null,
        to: added[0].id,
        toString: added[0].filename,
      },
    ]);
    return { status: 200, body: added };
  },
  getAttachment: ({ control, op, dataCenter }) => {
    const attachment = control.state.issues
      .flatMap((issue) => issue.attachments)
      .find((a) => a.id === op.pathParams.id);
    if (!attachment)
      throw new HttpError(404, ['The attachment does not exist or you do not have permission to see it.']);
    const api = dataCenter ? '/rest/api/2' : '/rest/api/3';
    return {
      status: 200,
      body: {
        ...control.attachmentJson(attachment),
        id: Number(attachment.id),
        self: `${control.baseUrl}${api}/attachment/${attachment.id}`,
        // Data Center has no attachment/content operation: the file lives under /secure/attachment/.
        content: dataCenter
          ? `${control.baseUrl}/secure/attachment/${attachment.id}/${encodeURIComponent(attachment.filename)}`
          : `${control.baseUrl}/rest/api/3/attachment/content/${attachment.id}`,
      },
    };
  },
  getAttachmentContent: ({ control, op, q, dataCenter }) => {
    if (dataCenter)
      throw new HttpError(404, ['Data Center serves attachment files under /secure/attachment/.']);
    const attachment = control.state.issues
      .flatMap((issue) => issue.attachments)
      .find((a) => a.id === op.pathParams.id);
    if (!attachment)
      throw new HttpError(404, ['The attachment does not exist or you do not have permission to see it.']);
    // Jira Cloud redirects to the media store unless the client asks for the content itself.
    if (q.redirect !== false && q.redirect !== 'false')
      return { status: 303, headers: { Location: mediaUrl(control.baseUrl, attachment) } };
    return {
      status: 200,
      raw: Buffer.from(attachment.content, 'base64'),
      contentType: attachment.mimeType,
    };
  },
};
