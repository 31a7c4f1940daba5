/** Small genuine documents for upload tests, made on the fly so no binary fixture is kept in the repository. */

/**
 * A valid PDF with one page per colour, each page a filled rectangle, so a rendered page is visibly
 * not blank. Offsets in the cross-reference table are exact, as a strict reader expects.
 */
export function colouredPdf(colours = ['0.1 0.3 0.8', '0.8 0.2 0.1']) {
  const pageIds = colours.map((_, i) => 3 + i * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${colours.length} >>`,
  ];
  for (const [i, colour] of colours.entries()) {
    const content = `${colour} rg 20 20 560 360 re f`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Contents ${pageIds[i] + 1} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A 16 × 16 pixel blue PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mOQizpBEmIY1TCqYfhqAAB1t0AQ8dIAngAAAABJRU5ErkJggg==',
  'base64',
);
