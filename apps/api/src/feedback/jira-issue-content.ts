import type { AdfDocument, AdfNode } from '@portico/connectors/adf/adf.types';
import { textToAdf } from '@portico/connectors/adf/text-to-adf';
import type { Severity } from './entities/defect.entity';

/** Jira priority names of the default priority scheme, by defect severity. */
export const PRIORITY_BY_SEVERITY: Record<Severity, string> = {
  critical: 'Highest',
  major: 'High',
  minor: 'Medium',
};

export const PORTICO_LABEL = 'portico';

/** The JQL-searchable marker unique to one defect: issue properties cannot be searched without an app. */
export function defectMarkerLabel(defectId: string): string {
  return `portico-${defectId}`;
}

/**
 * `supplier-<slug>` label of an organisation. Jira labels may not contain spaces; names in other
 * scripts (e.g. Chinese) have no ASCII slug, so the id's first block stands in for them.
 */
export function supplierLabel(orgName: string, orgId: string): string {
  const slug = orgName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `supplier-${slug || orgId.split('-')[0]}`;
}

const text = (value: string, marks?: AdfNode['marks']): AdfNode => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const heading = (value: string): AdfNode => ({
  type: 'heading',
  attrs: { level: 3 },
  content: [text(value)],
});
const link = (label: string, href: string): AdfNode => text(label, [{ type: 'link', attrs: { href } }]);

/** Paragraphs of supplier text, or a placeholder: ADF rejects empty text nodes. */
function blocks(value: string | null | undefined): AdfNode[] {
  const doc = textToAdf(value ?? '');
  return doc.content.length ? doc.content : [paragraph(text('—'))];
}

export interface DefectDescriptionInput {
  description: string;
  stepsToReproduce: string | null;
  severity: Severity;
  reporterName: string;
  reporterOrgName: string;
  relatedItem?: { title: string | null; sourceRef: string | null } | null;
  relatedRevision?: { documentNumber: string; label: string | null; title: string } | null;
  attachments: string[];
  portalUrl: string;
}

/** The Jira issue description of a defect report: every field, the reporter and the way back to Portico. */
export function defectDescription(input: DefectDescriptionInput): AdfDocument {
  const content: AdfNode[] = [
    paragraph(
      text('Reported by '),
      text(`[${input.reporterOrgName}] ${input.reporterName}`, [{ type: 'strong' }]),
      text(' via Portico.'),
    ),
    paragraph(text('Severity: ', [{ type: 'strong' }]), text(input.severity)),
    heading('Description'),
    ...blocks(input.description),
    heading('Steps to reproduce'),
    ...blocks(input.stepsToReproduce),
  ];
  if (input.relatedItem) {
    const ref = input.relatedItem.sourceRef ? ` (${input.relatedItem.sourceRef})` : '';
    content.push(
      paragraph(
        text('Related item: ', [{ type: 'strong' }]),
        text(`${input.relatedItem.title ?? 'shared item'}${ref}`),
      ),
    );
  }
  if (input.relatedRevision) {
    const r = input.relatedRevision;
    content.push(
      paragraph(
        text('Related drawing: ', [{ type: 'strong' }]),
        text(`${r.documentNumber} rev ${r.label ?? '?'} — ${r.title}`),
      ),
    );
  }
  if (input.attachments.length) {
    content.push(paragraph(text('Attachments: ', [{ type: 'strong' }]), text(input.attachments.join(', '))));
  }
  content.push(paragraph(link('Open the report in Portico', input.portalUrl)));
  return { type: 'doc', version: 1, content };
}

/**
 * A supplier comment as a Jira comment: "[Org] Name:" first, then the text, then a link back whose
 * fragment (`#comment-<id>`) is the marker a retried delivery looks for before posting again.
 */
export function commentBody(input: {
  orgName: string;
  authorName: string;
  body: string;
  portalUrl: string;
}): AdfDocument {
  const [first, ...rest] = blocks(input.body);
  const attribution = text(`[${input.orgName}] ${input.authorName}:`, [{ type: 'strong' }]);
  const firstContent =
    first.type === 'paragraph' ? [attribution, text(' '), ...(first.content ?? [])] : [attribution];
  const content: AdfNode[] =
    first.type === 'paragraph'
      ? [paragraph(...firstContent), ...rest]
      : [paragraph(attribution), first, ...rest];
  content.push(paragraph(link('View in Portico', input.portalUrl)));
  return { type: 'doc', version: 1, content };
}

export function commentMarker(commentId: string): string {
  return `#comment-${commentId}`;
}
