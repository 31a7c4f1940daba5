import { BadInputError } from '../../common';
import { htmlToText, sanitizeSharedHtml } from './html-text';
import { projectFeishuDocument } from './feishu-projection';
import { JiraIssue, projectJiraIssue } from './jira-projection';
import { compileRedactionRules, redactText, validateRedactionRules } from '../../workspaces';
import { diffSnapshots, snapshotsEqual } from './snapshot-diff';
import { fieldOf } from './snapshot';

const issue = (over: Partial<JiraIssue['fields']> = {}, extra: Partial<JiraIssue> = {}): JiraIssue =>
  ({
    id: '10001',
    key: 'HW-1',
    self: 'https://jira.internal/rest/api/3/issue/10001',
    fields: {
      summary: 'Gearbox housing tolerance',
      status: { name: 'Code Review', statusCategory: { name: 'In Progress' } },
      duedate: '2026-12-01',
      priority: { name: 'Highest' },
      description: 'Call Li on +86 138 0013 8000 about it',
      customfield_10050: 'P-4711',
      customfield_10051: 'Internal margin 12%',
      attachment: [
        {
          id: '900',
          filename: 'sketch.pdf',
          size: 1200,
          mimeType: 'application/pdf',
          content: 'https://jira.internal/a/900',
        },
      ],
      ...over,
    },
    names: { customfield_10050: 'Part Number', customfield_10051: 'Margin notes' },
    ...extra,
  }) as JiraIssue;

const base = { statusMap: { 'Code Review': 'In progress' }, redactions: [], renderAdf: () => '<p>adf</p>' };

describe('Jira projection', () => {
  it('keeps only the allowlisted fields', () => {
    const snap = projectJiraIssue(issue(), { ...base, allowlist: ['summary', 'status', 'dueDate'] });
    expect(snap.fields.map((f) => f.name)).toEqual(['summary', 'status', 'dueDate']);
    expect(fieldOf(snap, 'dueDate')?.value).toBe('2026-12-01');
    expect(JSON.stringify(snap)).not.toMatch(/HW-1|10001|jira\.internal|Highest|P-4711|margin/i);
  });

  it('maps the internal status to the supplier-facing one', () => {
    const snap = projectJiraIssue(issue(), { ...base, allowlist: ['status'] });
    expect(snap.status).toBe('In progress');
    expect(fieldOf(snap, 'status')?.value).toBe('In progress');
  });

  it('falls back to the status category for an unmapped status instead of leaking its name', () => {
    const snap = projectJiraIssue(
      issue({ status: { name: 'Blocked by legal', statusCategory: { name: 'In Progress' } } }),
      { ...base, allowlist: ['status'] },
    );
    expect(snap.status).toBe('In Progress');
  });

  it('shares a custom field by its display name and no other custom field', () => {
    const snap = projectJiraIssue(issue(), { ...base, allowlist: ['summary', 'Part Number'] });
    expect(fieldOf(snap, 'Part Number')).toEqual({
      name: 'Part Number',
      label: 'Part Number',
      kind: 'text',
      value: 'P-4711',
    });
    expect(JSON.stringify(snap)).not.toContain('margin');
  });

  it('shares a custom field by its Jira id, labelled with its display name', () => {
    const snap = projectJiraIssue(issue(), {
      ...base,
      allowlist: ['customfield_10050', 'customfield_99999'],
    });
    expect(snap.fields).toEqual([
      { name: 'customfield_10050', label: 'Part Number', kind: 'text', value: 'P-4711' },
    ]);
  });

  it('shares attachments only when allowlisted, without their source URLs', () => {
    expect(
      fieldOf(projectJiraIssue(issue(), { ...base, allowlist: ['summary'] }), 'attachments'),
    ).toBeUndefined();
    const snap = projectJiraIssue(issue(), { ...base, allowlist: ['attachments'] });
    expect(fieldOf(snap, 'attachments')?.value).toEqual([
      { id: '900', filename: 'sketch.pdf', size: 1200, mimeType: 'application/pdf' },
    ]);
    expect(JSON.stringify(snap)).not.toContain('jira.internal');
  });

  it('shares the key and link only when allowlisted', () => {
    const snap = projectJiraIssue(issue(), {
      ...base,
      allowlist: ['key', 'url'],
      jiraBaseUrl: 'https://jira.internal',
    });
    expect(fieldOf(snap, 'key')?.value).toBe('HW-1');
    expect(fieldOf(snap, 'url')?.value).toBe('https://jira.internal/browse/HW-1');
  });

  it('masks a phone number in the description with a redaction rule', () => {
    const redactions = compileRedactionRules([{ pattern: '\\+?\\d[\\d ]{7,}\\d', replacement: '[phone]' }]);
    const snap = projectJiraIssue(issue(), { ...base, redactions, allowlist: ['description'] });
    expect(fieldOf(snap, 'description')?.value).toBe('<p>Call Li on [phone] about it</p>');
  });

  it('renders an ADF description through the renderer and sanitises the result', () => {
    const snap = projectJiraIssue(issue({ description: { type: 'doc', version: 1, content: [] } }), {
      ...base,
      renderAdf: () =>
        '<p onclick="x()">Hi<script>alert(1)</script><img src="https://jira.internal/i.png"></p>',
      allowlist: ['description'],
    });
    expect(fieldOf(snap, 'description')?.value).toBe('<p>Hi</p>');
  });
});

describe('Feishu projection', () => {
  const doc = {
    documentId: 'doxcn1',
    revisionId: 7,
    title: 'Spec 555-1234-567',
    html: '<h1>Spec</h1><p>Ring 555 1234 567</p><p><a href="https://x.feishu.cn/d">link</a></p>',
  };

  it('shares title and sanitised content with redaction, dropping links unless allowlisted', () => {
    const redactions = compileRedactionRules([{ pattern: '\\d{3}[- ]\\d{4}[- ]\\d{3}' }]);
    const snap = projectFeishuDocument(doc, { allowlist: ['title', 'content'], redactions });
    expect(snap.title).toBe('Spec █████');
    expect(fieldOf(snap, 'content')?.value).toBe('<h1>Spec</h1><p>Ring █████</p><p><a>link</a></p>');
    expect(JSON.stringify(snap)).not.toContain('doxcn1');
  });
});

describe('redaction rules', () => {
  it('rejects catastrophic, invalid, empty-matching and over-long patterns, naming each field', () => {
    const errors = validateRedactionRules([
      { pattern: '(a+)+$' },
      { pattern: '([a-z' },
      { pattern: 'x*' },
      { pattern: 'a'.repeat(201) },
      { pattern: '(\\w)\\1' },
      { pattern: 'ok', flags: 'g;' },
      { pattern: '\\d{4}' },
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'redactionRules[0].pattern',
      'redactionRules[1].pattern',
      'redactionRules[2].pattern',
      'redactionRules[3].pattern',
      'redactionRules[4].pattern',
      'redactionRules[5].flags',
    ]);
    expect(() => compileRedactionRules([{ pattern: '(a+)+$' }])).toThrow(BadInputError);
  });

  it('inserts the replacement literally', () => {
    expect(redactText('id 1234', compileRedactionRules([{ pattern: '(\\d+)', replacement: '<$1>' }]))).toBe(
      'id <$1>',
    );
  });

  it('cannot inject markup through a replacement', () => {
    const html = sanitizeSharedHtml(
      '<p>id 1234</p>',
      compileRedactionRules([{ pattern: '\\d+', replacement: '<b onclick=x>' }]),
    );
    expect(html).not.toContain('<b onclick');
  });

  it('keeps a checkbox read-only and no other form control', () => {
    const html = sanitizeSharedHtml(
      '<p><input type="checkbox" checked> done <input type="text" value="x"></p>',
      [],
    );
    expect(html).toBe('<p><input type="checkbox" checked disabled /> done <span></span></p>');
  });
});

describe('snapshot diff', () => {
  const opts = { ...base, allowlist: ['summary', 'status', 'description'] };
  it('reports field changes and a word-level diff of the description text', () => {
    const v1 = projectJiraIssue(issue(), opts);
    const v2 = projectJiraIssue(
      issue({
        description: 'Call Li tomorrow about it',
        status: { name: 'Done', statusCategory: { name: 'Done' } },
      }),
      opts,
    );
    const changes = diffSnapshots(v1, v2);
    expect(changes.map((c) => c.field)).toEqual(['status', 'description']);
    const desc = changes.find((c) => c.field === 'description')!;
    expect(desc.textDiff).toEqual(
      expect.arrayContaining([
        { op: 'delete', text: expect.stringContaining('+86') },
        { op: 'insert', text: expect.stringContaining('tomorrow') },
      ]),
    );
    expect(snapshotsEqual(v1, projectJiraIssue(issue(), opts))).toBe(true);
  });

  it('reports fields added to and removed from the allowlist', () => {
    const v1 = projectJiraIssue(issue(), { ...base, allowlist: ['summary', 'dueDate'] });
    const v2 = projectJiraIssue(issue(), { ...base, allowlist: ['summary', 'priority'] });
    expect(diffSnapshots(v1, v2).map((c) => [c.field, c.change])).toEqual([
      ['priority', 'added'],
      ['dueDate', 'removed'],
    ]);
  });

  it('keeps block boundaries when turning HTML into text', () => {
    expect(htmlToText('<p>a &amp; b</p><p>c</p>')).toBe('a & b\nc');
  });
});
