import type { AdfDocument } from '../../adf/adf.types';
import { isAdfDocument } from '../../adf/text-to-adf';
import type { SimComment } from './jira-simulator-state';
import { HttpError, type OperationHandlers } from './jira-simulator-http';

/** Most comments one page of `GET …/comment` holds, whatever `maxResults` asks for. */
export const MAX_COMMENTS_PAGE = 100;

/** An issue's comments: paged list, read, add, edit, delete. */
export const commentOperations: OperationHandlers = {
  getComments: ({ control, q, issueRef }) => {
    const issue = control.issue(issueRef);
    const startAt = Number(q.startAt ?? 0);
    // Like Jira, a page holds at most a server-side maximum whatever was asked: clients must page.
    const maxResults = Math.min(Number(q.maxResults ?? MAX_COMMENTS_PAGE), MAX_COMMENTS_PAGE);
    if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0)
      throw new HttpError(400, ['startAt and maxResults must be non-negative integers.']);
    const ordered = q.orderBy === '-created' ? [...issue.comments].reverse() : issue.comments;
    return {
      status: 200,
      body: {
        comments: ordered
          .slice(startAt, startAt + maxResults)
          .map((c) => control.commentJson(issue, c, String(q.expand ?? '').includes('renderedBody'))),
        startAt,
        maxResults,
        total: issue.comments.length,
      },
    };
  },
  getComment: ({ control, op, q, issueRef }) => {
    const issue = control.issue(issueRef);
    const comment = control.comment(issue, String(op.pathParams.id));
    return {
      status: 200,
      body: control.commentJson(issue, comment, String(q.expand ?? '').includes('renderedBody')),
    };
  },
  updateComment: ({ control, op, input, issueRef }) => {
    const issue = control.issue(issueRef);
    const comment = control.comment(issue, String(op.pathParams.id));
    if (!isAdfDocument(input.body) || (input.body as AdfDocument).content.length === 0)
      throw new HttpError(400, [], { comment: 'Comment body can not be empty!' });
    const edited = control.editComment(issue.key, comment.id, input.body as AdfDocument, {
      visibility: (input.visibility as SimComment['visibility'] | undefined) ?? null,
    });
    return { status: 200, body: control.commentJson(issue, edited) };
  },
  deleteComment: ({ control, op, issueRef }) => {
    const issue = control.issue(issueRef);
    control.deleteComment(issue.key, String(op.pathParams.id));
    return { status: 204 };
  },
  addComment: ({ control, input, issueRef }) => {
    const issue = control.issue(issueRef);
    if (!isAdfDocument(input.body) || (input.body as AdfDocument).content.length === 0)
      throw new HttpError(400, [], { comment: 'Comment body can not be empty!' });
    const properties = Object.fromEntries(
      ((input.properties ?? []) as { key: string; value: unknown }[]).map((p) => [p.key, p.value]),
    );
    const comment = control.addComment(issue.key, input.body as AdfDocument, {
      author: control.apiUser,
      visibility: input.visibility as SimComment['visibility'],
      properties,
    });
    return { status: 201, body: control.commentJson(issue, comment) };
  },
};
