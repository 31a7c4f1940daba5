import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdfDocument } from '../../adf/adf.types';
import type { JiraSimulatorControl } from './jira-simulator-control';
import { HttpError, readRaw, send } from './jira-simulator-http';
import type { JiraFault, JiraWebhookFault } from './jira-simulator-types';

/**
 * HTTP control API (no auth; the simulator is a test and demo tool):
 * - `GET /_sim/calls?operationId=` recorded calls · `DELETE /_sim/calls`
 * - `GET /_sim/issues/{key}` raw state · `POST /_sim/issues` `{summary, issueType?, description?, labels?}`
 * - `POST /_sim/issues/{key}/edit` `{fields}` · `POST /_sim/issues/{key}/transition` `{to}` · `POST /_sim/issues/{key}/comments` `{text | body, visibility?}`
 * - `POST /_sim/issues/{key}/comments/{id}/edit` `{text | body, visibility?}` · `DELETE /_sim/issues/{key}/comments/{id}`
 * - `POST /_sim/faults` JiraFault · `POST /_sim/webhook-faults` JiraWebhookFault · `DELETE /_sim/faults`
 * - `GET /_sim/webhooks` deliveries · `PUT /_sim/webhook-url` `{url}` · `PUT /_sim/webhook-jql` `{jql}`
 */
export async function handleControl(
  control: JiraSimulatorControl,
  method: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const raw = await readRaw(request, 1024 * 1024);
    const body = (raw.length ? JSON.parse(raw.toString('utf8')) : {}) as Record<string, never>;
    const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    const route = `${method} ${parts
      .map((p, i) =>
        parts[0] === 'issues' && i === 1 ? ':key' : parts[2] === 'comments' && i === 3 ? ':id' : p,
      )
      .join('/')}`;
    switch (route) {
      case 'GET calls':
        return send(response, 200, control.recordedCalls(url.searchParams.get('operationId') ?? undefined));
      case 'DELETE calls':
        control.clearRecordedCalls();
        return send(response, 204);
      case 'GET webhooks':
        return send(response, 200, control.webhookDeliveries);
      case 'PUT webhook-url':
        control.setWebhookUrl(body.url || undefined);
        return send(response, 204);
      case 'PUT webhook-jql':
        control.setWebhookJql(body.jql || undefined);
        return send(response, 204);
      case 'POST faults':
        if (typeof body.route !== 'string')
          throw new HttpError(400, [], { route: 'route is required, e.g. "POST /rest/api/3/issue" or "*"' });
        control.injectFault(body as unknown as JiraFault);
        return send(response, 204);
      case 'POST webhook-faults':
        control.injectWebhookFault(body as unknown as JiraWebhookFault);
        return send(response, 204);
      case 'DELETE faults':
        control.clearFaults();
        return send(response, 204);
      case 'POST issues': {
        const issue = control.createIssue(
          body as unknown as Parameters<JiraSimulatorControl['createIssue']>[0],
        );
        return send(response, 201, { id: issue.id, key: issue.key });
      }
      case 'GET issues/:key':
        return send(response, 200, control.issue(parts[1]));
      case 'POST issues/:key/edit':
        control.editIssue(parts[1], (body.fields ?? {}) as Record<string, unknown>);
        return send(response, 204);
      case 'POST issues/:key/transition':
        control.transitionIssue(parts[1], String(body.to ?? ''));
        return send(response, 204);
      case 'POST issues/:key/comments': {
        const comment = control.addComment(
          parts[1],
          (body.body ?? String(body.text ?? '')) as string | AdfDocument,
          { visibility: body.visibility },
        );
        return send(response, 201, { id: comment.id });
      }
      case 'POST issues/:key/comments/:id/edit':
        control.editComment(
          parts[1],
          parts[3],
          (body.body ?? String(body.text ?? '')) as string | AdfDocument,
          { visibility: body.visibility },
        );
        return send(response, 204);
      case 'DELETE issues/:key/comments/:id':
        control.deleteComment(parts[1], parts[3]);
        return send(response, 204);
      default:
        return send(response, 404, {
          errorMessages: [`Unknown control route ${method} ${url.pathname}`],
          errors: {},
        });
    }
  } catch (error) {
    if (error instanceof HttpError)
      return send(response, error.status, { errorMessages: error.errorMessages, errors: error.errors });
    return send(response, 400, { errorMessages: [(error as Error).message], errors: {} });
  }
}
