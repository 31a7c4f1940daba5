import type { IncomingMessage } from 'node:http';
import { uploadedFiles } from './jira-attachment-routes';
import { HttpError, readRaw } from './jira-simulator-http';
import type { OpenApiRequestValidator } from './openapi-request-validator';

export interface OperationRequestBody {
  /** Parsed JSON body; undefined when empty or multipart. */
  body: unknown;
  multipart: FormData | undefined;
  /** What the call recording keeps: the JSON body, or `{ files: [{ filename, size, mimeType }] }`. */
  recordedBody: unknown;
}

/**
 * Reads an operation's body as Jira does: multipart only with `X-Atlassian-Token: no-check` (attachments),
 * otherwise JSON, checked against the operation's request schema in the OpenAPI document (400 naming the field).
 */
export async function readOperationBody(
  request: IncomingMessage,
  validator: OpenApiRequestValidator,
  method: string,
  template: string,
  maxAttachmentBytes: number,
): Promise<OperationRequestBody> {
  const contentType = request.headers['content-type'] ?? '';
  let body: unknown;
  let multipart: FormData | undefined;
  if (contentType.startsWith('multipart/form-data')) {
    if (request.headers['x-atlassian-token'] !== 'no-check') throw new HttpError(403, ['XSRF check failed']);
    const raw = await readRaw(request, maxAttachmentBytes + 64 * 1024);
    multipart = await new Response(raw, { headers: { 'content-type': contentType } }).formData().catch(() => {
      throw new HttpError(400, ['The multipart body could not be parsed.']);
    });
  } else {
    const raw = await readRaw(request, 10 * 1024 * 1024);
    if (raw.length > 0 && !/^application\/json\b/i.test(contentType))
      throw new HttpError(415, ['Unsupported Media Type: send the body as application/json.']);
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        throw new HttpError(400, [`Unexpected character in JSON body: ${(error as Error).message}`]);
      }
    }
    const violation = validator.validateBody(method, template, body, raw.length > 0);
    if (violation) throw new HttpError(400, violation.errorMessages, violation.errors);
  }
  const recordedBody = multipart
    ? {
        files: uploadedFiles(multipart).map((f) => ({
          filename: f.name,
          size: f.size,
          mimeType: f.type,
        })),
      }
    : body;
  return { body, multipart, recordedBody };
}
