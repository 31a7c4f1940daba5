import type {
  ContentReceipt,
  ReceiptUser,
  ReviewCode,
  TransmittalContent,
  TransmittalReceipts,
  TransmittalResponseInput,
  TransmittalSummary,
} from './transmittals.types';

/** The supplier inbox's tabs, in the order shown; each is a `state` filter of `GET /api/v1/transmittals`. */
export const INBOX_TABS = ['unread', 'awaiting_response', 'overdue', 'answered'] as const;
export type InboxTab = (typeof INBOX_TABS)[number] | 'all';

/** Longest comment per content the form accepts (the API's limit). */
export const RESPONSE_COMMENT_MAX = 5000;

/**
 * The i18n key of where a transmittal stands for the viewer: the supplier's own state when the API
 * computed one (unread, awaiting response, overdue, …), else the transmittal's status.
 */
export function stateKey(t: Pick<TransmittalSummary, 'status' | 'supplierState'>): string {
  if (t.status === 'superseded') return 'transmittals.status.superseded';
  if (t.supplierState) return `transmittals.states.${t.supplierState}`;
  return `transmittals.status.${t.status}`;
}

/** Issued, a response required, due before `today` (yyyy-mm-dd) and not answered. */
export function isOverdue(
  t: Pick<TransmittalSummary, 'status' | 'responseRequired' | 'dueDate' | 'response'>,
  today: string,
): boolean {
  return t.status === 'issued' && t.responseRequired && !t.response && !!t.dueDate && t.dueDate < today;
}

/** Today in the browser's time zone as yyyy-mm-dd, the form due dates are compared in. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A content's portal path split for a router link, so `?revision=2` stays a query parameter. A file
 * revision and an item version also carry the transmittal, whose number a watermarked copy opened from
 * there shows.
 */
export function contentLink(
  path: string,
  transmittalId?: string,
): { commands: string[]; queryParams: Record<string, string> } {
  const [pathname, query = ''] = path.split('?', 2);
  const queryParams = Object.fromEntries(new URLSearchParams(query).entries());
  if (transmittalId && ('revision' in queryParams || /^\/items\/[^/]+\/versions\/\d+$/.test(pathname)))
    queryParams['transmittal'] = transmittalId;
  return { commands: [pathname], queryParams };
}

/** What the supplier has chosen so far, per content id. */
export type ResponseDraft = Record<string, { code: string; comment: string }>;

export type ResponseError = 'codeMissing' | 'codeUnknown' | 'commentTooLong';

/**
 * Checks the whole response before the one submission: every content needs one of the workspace's
 * codes; comments are optional but bounded. Returns the body to send, or the problem of each content.
 */
export function validateResponse(
  contents: Pick<TransmittalContent, 'id'>[],
  draft: ResponseDraft,
  codes: ReviewCode[],
): { ok: true; body: TransmittalResponseInput } | { ok: false; errors: Record<string, ResponseError> } {
  const known = new Set(codes.map((c) => c.code));
  const errors: Record<string, ResponseError> = {};
  const body: TransmittalResponseInput = { contents: [] };
  for (const content of contents) {
    const entry = draft[content.id];
    const code = entry?.code?.trim() ?? '';
    const comment = entry?.comment?.trim() ?? '';
    if (!code) errors[content.id] = 'codeMissing';
    else if (!known.has(code)) errors[content.id] = 'codeUnknown';
    else if (comment.length > RESPONSE_COMMENT_MAX) errors[content.id] = 'commentTooLong';
    else body.contents.push({ contentId: content.id, code, ...(comment ? { comment } : {}) });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

/** First and last time, and how often, a user downloaded or previewed one content. */
export type ReceiptStamp = Pick<ContentReceipt, 'firstAt' | 'lastAt' | 'count'>;

/** One cell of the receipt matrix: a user's downloads and previews of one content. */
export interface ReceiptCell {
  contentId: string;
  downloaded: ReceiptStamp | null;
  previewed: ReceiptStamp | null;
}

export interface ReceiptRow {
  user: Pick<ReceiptUser, 'userId' | 'name' | 'email' | 'openedAt' | 'acknowledgedAt'>;
  cells: ReceiptCell[];
}

export interface ReceiptMatrix {
  contents: TransmittalContent[];
  rows: ReceiptRow[];
  /** Per content, how many of the users downloaded or previewed it at least once. */
  reached: Record<string, number>;
  opened: number;
  acknowledged: number;
}

/**
 * Users × contents from the receipts route (one row per user, content and action): a cell per content
 * in content order, users who acknowledged first, then who opened, then by name.
 */
export function buildReceiptMatrix(receipts: TransmittalReceipts): ReceiptMatrix {
  const reached: Record<string, number> = Object.fromEntries(receipts.contents.map((c) => [c.id, 0]));
  const rank = (u: ReceiptUser) => (u.acknowledgedAt ? 0 : u.openedAt ? 1 : 2);
  const users = [...receipts.users].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const stamp = (user: ReceiptUser, contentId: string, action: ContentReceipt['action']) => {
    const row = user.downloads.find((d) => d.contentId === contentId && d.action === action && d.count > 0);
    return row ? { firstAt: row.firstAt, lastAt: row.lastAt, count: row.count } : null;
  };
  const rows = users.map((user) => {
    const cells = receipts.contents.map((content) => {
      const cell = {
        contentId: content.id,
        downloaded: stamp(user, content.id, 'downloaded'),
        previewed: stamp(user, content.id, 'previewed'),
      };
      if (cell.downloaded || cell.previewed) reached[content.id] += 1;
      return cell;
    });
    const { userId, name, email, openedAt, acknowledgedAt } = user;
    return { user: { userId, name, email, openedAt, acknowledgedAt }, cells };
  });
  return {
    contents: receipts.contents,
    rows,
    reached,
    opened: users.filter((u) => u.openedAt).length,
    acknowledged: users.filter((u) => u.acknowledgedAt).length,
  };
}

/** The label of a review code as the workspace names it, or the code itself if the setting changed since. */
export function codeLabel(code: string, codes: ReviewCode[]): string {
  const found = codes.find((c) => c.code === code);
  return found ? `${found.code} — ${found.label}` : code;
}
