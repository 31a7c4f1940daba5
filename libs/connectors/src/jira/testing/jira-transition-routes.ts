import type { AdfDocument } from '../../adf/adf.types';
import { isAdfDocument } from '../../adf/text-to-adf';
import { STATUSES, TRANSITIONS } from './jira-simulator-state';
import { HttpError, type OperationHandlers } from './jira-simulator-http';

/** Workflow transitions: the ones available from an issue's status, and moving it (with an optional comment). */
export const transitionOperations: OperationHandlers = {
  getTransitions: ({ control, issueRef }) => {
    const issue = control.issue(issueRef);
    return {
      status: 200,
      body: {
        expand: 'transitions',
        transitions: TRANSITIONS.filter((t) => t.toStatusId !== issue.statusId).map((t) => {
          const to = STATUSES.find((s) => s.id === t.toStatusId)!;
          return {
            id: t.id,
            name: t.name,
            to: {
              self: `${control.baseUrl}/rest/api/3/status/${to.id}`,
              id: to.id,
              name: to.name,
              statusCategory: to.category,
            },
            hasScreen: false,
            isGlobal: true,
            isInitial: false,
            isAvailable: true,
            isConditional: false,
            isLooped: false,
          };
        }),
      },
    };
  },
  doTransition: ({ control, input, issueRef }) => {
    const issue = control.issue(issueRef);
    const transition = input.transition as { id?: string } | undefined;
    if (!transition?.id) throw new HttpError(400, ["Missing 'transition' identifier"]);
    const update = input.update as { comment?: { add?: { body?: unknown } }[] } | undefined;
    const comment = update?.comment?.[0]?.add?.body;
    if (comment !== undefined && !isAdfDocument(comment))
      throw new HttpError(400, [], { comment: 'Comment body must be an Atlassian Document.' });
    if (input.fields && Object.keys(input.fields).length > 0)
      throw new HttpError(400, [], {
        [Object.keys(input.fields)[0]]:
          'Field cannot be set. It is not on the appropriate screen, or unknown.',
      });
    control.applyTransition(issue, transition.id, control.apiUser, comment as AdfDocument | undefined);
    return { status: 204 };
  },
};
