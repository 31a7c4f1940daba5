import {
  commentMarker,
  issuedComment,
  remoteLinkGlobalId,
  respondedComment,
} from './transmittal-jira-content';

describe('transmittal Jira comments', () => {
  const id = '0b9f6a3e-8a39-4d4e-9a55-2b7a8c1d2e3f';

  it('states the number, purpose and version issued, with a marker link back', () => {
    const doc = issuedComment({
      number: 'HW-T-0007',
      subject: 'Gearbox housing, rev C',
      purposeLabel: 'For approval',
      dueDate: '2026-12-20',
      orgName: 'Acme',
      versions: [3],
      url: `https://portico.example/console/transmittals/${id}`,
      transmittalId: id,
    });
    const json = JSON.stringify(doc);
    expect(doc.type).toBe('doc');
    expect(json).toContain('HW-T-0007');
    expect(json).toContain('For approval');
    expect(json).toContain('version 3');
    expect(json).toContain('2026-12-20');
    expect(json).toContain(commentMarker(id, 'issued'));
  });

  it('lists each code and comment of the response; empty comments add no empty text node', () => {
    const doc = respondedComment({
      number: 'HW-T-0007',
      orgName: 'Acme',
      responderName: 'Ana',
      answers: [
        {
          title: 'Housing',
          version: 3,
          code: 'B',
          codeLabel: 'Approved with comments',
          comment: 'Chamfer 0.5',
        },
        { title: 'Housing', version: 4, code: 'A', codeLabel: 'Approved', comment: null },
      ],
      url: 'https://portico.example/x',
      transmittalId: id,
    });
    const json = JSON.stringify(doc);
    expect(json).toContain('Version 3: B');
    expect(json).toContain('Chamfer 0.5');
    expect(json).toContain('Version 4: A');
    expect(json).not.toContain('"text":""');
    expect(json).toContain(commentMarker(id, 'responded'));
  });

  it('keys the remote link by transmittal', () => {
    expect(remoteLinkGlobalId(id)).toBe(`portico-transmittal-${id}`);
  });
});
