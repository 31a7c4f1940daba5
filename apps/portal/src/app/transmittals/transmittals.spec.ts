import {
  buildReceiptMatrix,
  codeLabel,
  contentLink,
  isOverdue,
  localToday,
  RESPONSE_COMMENT_MAX,
  stateKey,
  validateResponse,
} from './transmittals';
import type { ReviewCode, TransmittalContent } from './transmittals.types';

const CODES: ReviewCode[] = [
  { code: 'A', label: 'Approved' },
  { code: 'B', label: 'Approved with comments' },
  { code: 'C', label: 'Revise and resubmit' },
];

const content = (id: string): TransmittalContent => ({
  id,
  kind: 'item_version',
  title: id,
  path: `/items/${id}/versions/1`,
});

describe('stateKey', () => {
  it("uses the supplier's own state when the API computed one", () => {
    expect(stateKey({ status: 'issued', supplierState: 'unread' })).toBe('transmittals.states.unread');
    expect(stateKey({ status: 'issued', supplierState: 'overdue' })).toBe('transmittals.states.overdue');
  });

  it('uses the status for internal viewers, and says superseded whatever the supplier state', () => {
    expect(stateKey({ status: 'draft' })).toBe('transmittals.status.draft');
    expect(stateKey({ status: 'superseded', supplierState: 'awaiting_response' })).toBe(
      'transmittals.status.superseded',
    );
  });
});

describe('isOverdue', () => {
  const base = { status: 'issued' as const, responseRequired: true, dueDate: '2026-12-01', response: null };

  it('is overdue only when issued, a response is required, the due date passed and nobody answered', () => {
    expect(isOverdue(base, '2026-12-02')).toBe(true);
    expect(isOverdue(base, '2026-12-01')).toBe(false);
    expect(isOverdue({ ...base, responseRequired: false }, '2026-12-02')).toBe(false);
    expect(isOverdue({ ...base, dueDate: null }, '2026-12-02')).toBe(false);
    expect(isOverdue({ ...base, status: 'draft' }, '2026-12-02')).toBe(false);
    expect(
      isOverdue(
        { ...base, response: { submittedAt: 'x', submittedBy: { id: 'u', name: 'U' } } },
        '2026-12-02',
      ),
    ).toBe(false);
  });

  it('formats today in local time', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('contentLink', () => {
  it('keeps the revision a query parameter and the version in the path', () => {
    expect(contentLink('/files/f1?revision=2')).toEqual({
      commands: ['/files/f1'],
      queryParams: { revision: '2' },
    });
    expect(contentLink('/items/i1/versions/3')).toEqual({
      commands: ['/items/i1/versions/3'],
      queryParams: {},
    });
  });

  it('names the transmittal on a file revision and an item version link', () => {
    expect(contentLink('/files/f1?revision=2', 't1').queryParams).toEqual({
      revision: '2',
      transmittal: 't1',
    });
    expect(contentLink('/items/i1/versions/3', 't1').queryParams).toEqual({ transmittal: 't1' });
    expect(contentLink('/files/f1', 't1').queryParams).toEqual({});
    expect(contentLink('/items/i1', 't1').queryParams).toEqual({});
  });
});

describe('validateResponse', () => {
  const contents = [content('c1'), content('c2')];

  it('builds the body when every content has a known code, leaving out empty comments', () => {
    const result = validateResponse(
      contents,
      { c1: { code: 'A', comment: '  ' }, c2: { code: 'C', comment: ' Fix the bore ' } },
      CODES,
    );
    expect(result).toEqual({
      ok: true,
      body: {
        contents: [
          { contentId: 'c1', code: 'A' },
          { contentId: 'c2', code: 'C', comment: 'Fix the bore' },
        ],
      },
    });
  });

  it('names each content without a code, with a code the workspace does not have, or with too long a comment', () => {
    expect(validateResponse(contents, { c2: { code: 'Z', comment: '' } }, CODES)).toEqual({
      ok: false,
      errors: { c1: 'codeMissing', c2: 'codeUnknown' },
    });
    expect(
      validateResponse(
        contents,
        { c1: { code: 'A', comment: '' }, c2: { code: 'B', comment: 'x'.repeat(RESPONSE_COMMENT_MAX + 1) } },
        CODES,
      ),
    ).toEqual({ ok: false, errors: { c2: 'commentTooLong' } });
  });
});

describe('buildReceiptMatrix', () => {
  const at = (minute: number) => `2026-12-07T08:${String(minute).padStart(2, '0')}:00Z`;

  it('gives every user a cell per content in content order, downloads and previews apart, and counts who got each', () => {
    const matrix = buildReceiptMatrix({
      contents: [content('c1'), content('c2')],
      users: [
        { userId: 'u2', name: 'Zoe', email: 'z@x', openedAt: null, acknowledgedAt: null, downloads: [] },
        {
          userId: 'u1',
          name: 'Ana',
          email: 'a@x',
          openedAt: at(0),
          acknowledgedAt: at(5),
          downloads: [
            { contentId: 'c2', action: 'downloaded', firstAt: at(1), lastAt: at(3), count: 2 },
            { contentId: 'c2', action: 'previewed', firstAt: at(4), lastAt: at(4), count: 1 },
          ],
        },
        {
          userId: 'u3',
          name: 'Bo',
          email: 'b@x',
          openedAt: at(9),
          acknowledgedAt: null,
          downloads: [{ contentId: 'c1', action: 'previewed', firstAt: at(9), lastAt: at(9), count: 1 }],
        },
      ],
    });
    expect(matrix.rows.map((r) => r.user.name)).toEqual(['Ana', 'Bo', 'Zoe']);
    expect(matrix.rows[0].cells).toEqual([
      { contentId: 'c1', downloaded: null, previewed: null },
      {
        contentId: 'c2',
        downloaded: { firstAt: at(1), lastAt: at(3), count: 2 },
        previewed: { firstAt: at(4), lastAt: at(4), count: 1 },
      },
    ]);
    expect(matrix.reached).toEqual({ c1: 1, c2: 1 });
    expect([matrix.opened, matrix.acknowledged]).toEqual([2, 1]);
  });

  it('ignores rows of contents the transmittal does not list', () => {
    const matrix = buildReceiptMatrix({
      contents: [content('c1')],
      users: [
        {
          userId: 'u1',
          name: 'Ana',
          email: 'a@x',
          openedAt: null,
          acknowledgedAt: null,
          downloads: [{ contentId: 'gone', action: 'downloaded', firstAt: 'x', lastAt: 'x', count: 1 }],
        },
      ],
    });
    expect(matrix.rows[0].cells).toEqual([{ contentId: 'c1', downloaded: null, previewed: null }]);
    expect(matrix.reached).toEqual({ c1: 0 });
  });
});

describe('codeLabel', () => {
  it("shows the code with the workspace's label, or the bare code when the setting no longer has it", () => {
    expect(codeLabel('B', CODES)).toBe('B — Approved with comments');
    expect(codeLabel('X', CODES)).toBe('X');
  });
});
