import type { AdfDocument, AdfNode } from '@portico/connectors/adf/adf.types';
import { textToAdf } from '@portico/connectors/adf/text-to-adf';

const text = (value: string, marks?: AdfNode['marks']): AdfNode => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});
const strong = (value: string) => text(value, [{ type: 'strong' }]);
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const link = (label: string, href: string): AdfNode => text(label, [{ type: 'link', attrs: { href } }]);

/** The marker in each comment's link: found among the issue's comments, it proves the comment was posted. */
export function commentMarker(transmittalId: string, phase: 'issued' | 'responded'): string {
  return `#transmittal-${phase}-${transmittalId}`;
}

/** The remote link's upsert key: the same transmittal is linked from an issue at most once. */
export function remoteLinkGlobalId(transmittalId: string): string {
  return `portico-transmittal-${transmittalId}`;
}

export interface IssuedComment {
  number: string;
  subject: string;
  purposeLabel: string;
  dueDate: string | null;
  orgName: string;
  /** The versions of this Jira issue's item in the transmittal. */
  versions: number[];
  url: string;
  transmittalId: string;
}

/** "Transmittal HW-T-0003 (For review) issued to Acme: version 3 of this issue." */
export function issuedComment(c: IssuedComment): AdfDocument {
  const versions = c.versions.map((v) => `version ${v}`).join(', ');
  return {
    type: 'doc',
    version: 1,
    content: [
      paragraph(
        text('Transmittal '),
        strong(c.number),
        text(` (${c.purposeLabel}) was issued to ${c.orgName} via Portico with ${versions} of this issue.`),
      ),
      paragraph(strong('Subject: '), text(c.subject)),
      ...(c.dueDate ? [paragraph(strong('Response due: '), text(c.dueDate))] : []),
      paragraph(link(`Open ${c.number} in Portico`, `${c.url}${commentMarker(c.transmittalId, 'issued')}`)),
    ],
  };
}

export interface RespondedComment {
  number: string;
  orgName: string;
  responderName: string;
  /** This issue's contents with the supplier's answer. */
  answers: {
    title: string;
    version: number | null;
    code: string;
    codeLabel: string;
    comment: string | null;
  }[];
  url: string;
  transmittalId: string;
}

/** The supplier's review code and comment for each version of this issue in the transmittal. */
export function respondedComment(c: RespondedComment): AdfDocument {
  const content: AdfNode[] = [
    paragraph(
      text('Transmittal '),
      strong(c.number),
      text(`: ${c.orgName} (${c.responderName}) responded via Portico.`),
    ),
  ];
  for (const a of c.answers) {
    content.push(
      paragraph(
        strong(`${a.version !== null ? `Version ${a.version}` : a.title}: ${a.code}`),
        text(` — ${a.codeLabel}`),
      ),
    );
    if (a.comment) content.push(...textToAdf(a.comment).content);
  }
  content.push(
    paragraph(link(`Open ${c.number} in Portico`, `${c.url}${commentMarker(c.transmittalId, 'responded')}`)),
  );
  return { type: 'doc', version: 1, content };
}
