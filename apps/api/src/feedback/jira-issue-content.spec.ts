import { adfToText } from '@portico/connectors/adf/adf-to-html';
import { commentBody, defectDescription, defectMarkerLabel, supplierLabel } from './jira-issue-content';

describe('Jira issue content of defects and comments', () => {
  it('makes a label of an organisation name without spaces or punctuation', () => {
    expect(supplierLabel('Acme Precision Parts', '1b2c3d4e-0000-4000-8000-000000000000')).toBe(
      'supplier-acme-precision-parts',
    );
    expect(supplierLabel('Müller & Söhne GmbH', 'x')).toBe('supplier-muller-sohne-gmbh');
  });

  it('falls back to the organisation id for names without an ASCII slug', () => {
    expect(supplierLabel('北方精密', '1b2c3d4e-0000-4000-8000-000000000000')).toBe('supplier-1b2c3d4e');
  });

  it('marks each defect with a label unique to it', () => {
    expect(defectMarkerLabel('6f1c1a52-7d8e-4a0b-9a55-0f0e0d0c0b0a')).toBe(
      'portico-6f1c1a52-7d8e-4a0b-9a55-0f0e0d0c0b0a',
    );
  });

  it('puts every field and the reporter into the description', () => {
    const doc = defectDescription({
      description: 'Hole pattern off by 2 mm',
      stepsToReproduce: '1. Mount bracket\n2. Measure',
      severity: 'major',
      reporterName: 'Ana Li',
      reporterOrgName: 'Acme Precision Parts',
      relatedRevision: { documentNumber: 'D-102', label: 'C', title: 'Bracket' },
      attachments: ['photo-revA.png'],
      portalUrl: 'http://portico.test/defects/1',
    });
    const plain = adfToText(doc);
    for (const part of [
      '[Acme Precision Parts] Ana Li',
      'major',
      'Hole pattern off by 2 mm',
      'Measure',
      'D-102 rev C',
      'photo-revA.png',
      'Open the report in Portico',
    ]) {
      expect(plain).toContain(part);
    }
  });

  it('never produces empty text nodes for missing optional fields', () => {
    const doc = defectDescription({
      description: ' ',
      stepsToReproduce: null,
      severity: 'minor',
      reporterName: 'A',
      reporterOrgName: 'B',
      attachments: [],
      portalUrl: 'http://x.test/d',
    });
    expect(JSON.stringify(doc)).not.toContain('"text":""');
  });

  it('attributes a comment to the supplier organisation and person and links back with a marker', () => {
    const doc = commentBody({
      orgName: 'Acme Precision Parts',
      authorName: 'Ana Li',
      body: 'Please check rev C.',
      portalUrl: 'http://p.test/items/1#comment-abc',
    });
    expect(adfToText(doc).startsWith('[Acme Precision Parts] Ana Li: Please check rev C.')).toBe(true);
    expect(JSON.stringify(doc)).toContain('#comment-abc');
  });
});
