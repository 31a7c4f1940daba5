import { JiraFieldInfo, resolveFieldNames } from './field-names';

const JIRA: JiraFieldInfo[] = [
  { id: 'duedate', name: 'Due date', custom: false },
  { id: 'project', name: 'Project', custom: false },
  { id: 'customfield_10050', name: 'Supplier due date', custom: true },
  { id: 'customfield_10051', name: 'Part number', custom: true },
  { id: 'customfield_10060', name: 'Cost centre', custom: true },
  { id: 'customfield_10061', name: 'Cost Centre', custom: true },
];

describe('resolveFieldNames', () => {
  it("stores Portico's name for Jira's ids and display names of the fields Portico knows", () => {
    const { fields, errors } = resolveFieldNames(
      ['summary', 'duedate', 'Due date', 'issuetype', 'fixVersions', 'PRIORITY', 'attachment', 'title'],
      null,
      'fields',
    );
    expect(errors).toEqual([]);
    expect(fields).toEqual([
      'summary',
      'dueDate',
      'issueType',
      'fixVersions',
      'priority',
      'attachments',
      'title',
    ]);
  });

  it("stores Jira's id for custom fields named by id or by display name in any case", () => {
    const { fields, errors } = resolveFieldNames(
      ['customfield_10050', 'PART NUMBER', ' supplier due date '],
      JIRA,
      'fields',
    );
    expect(errors).toEqual([]);
    expect(fields).toEqual(['customfield_10050', 'customfield_10051']);
  });

  it('names every entry that matches nothing, an ambiguous display name and an unshared system field', () => {
    const { errors } = resolveFieldNames(
      ['summary', 'dueDat', 'customfield_424242', 'cost centre', 'Project'],
      JIRA,
      'defaultFields',
    );
    expect(errors.map((e) => e.field)).toEqual([
      'defaultFields[1]',
      'defaultFields[2]',
      'defaultFields[3]',
      'defaultFields[4]',
    ]);
    expect(errors[0].message).toContain('"dueDat"');
    expect(errors[2].message).toContain('customfield_10060, customfield_10061');
    expect(errors[3].message).toContain('does not share');
  });

  it('refuses a custom name when no Jira is configured to look it up', () => {
    const { fields, errors } = resolveFieldNames(['status', 'Part number'], null, 'fields');
    expect(fields).toEqual(['status']);
    expect(errors).toEqual([
      { field: 'fields[1]', message: expect.stringContaining('no Jira is configured') },
    ]);
  });
});
