/** Small genuine documents for upload tests, made on the fly so no binary fixture is kept in the repository. */

/**
 * A valid PDF of the given pages (content stream + optional resources dictionary) and extra objects,
 * which `objects` numbers from 1 after the pages. Offsets in the cross-reference table are exact, as a
 * strict reader expects.
 */
function pdfOf(pages, extra = []) {
  const pageIds = pages.map((_, i) => 3 + i * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
  ];
  for (const [i, { content, resources = '<< >>' }] of pages.entries()) {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Resources ${resources} /Contents ${pageIds[i] + 1} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  }
  objects.push(...extra);
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

/** One page per colour, each a filled rectangle, so a rendered page is visibly not blank. */
export function colouredPdf(colours = ['0.1 0.3 0.8', '0.8 0.2 0.1']) {
  return pdfOf(colours.map((colour) => ({ content: `${colour} rg 20 20 560 360 re f` })));
}

/**
 * A page of Chinese text (“中文图纸”) in a font the PDF does not embed, as CAD exports in China often
 * are: a reader needs Adobe's UniGB-UCS2-H character map to draw it, plus a Helvetica caption.
 */
export function chinesePdf() {
  const fonts = '<< /Font << /F1 5 0 R /F2 7 0 R >> >>';
  const content =
    'BT /F1 48 Tf 60 220 Td <4E2D658756FE7EB8> Tj ET BT /F2 24 Tf 60 120 Td (Drawing D-88) Tj ET';
  return pdfOf(
    [{ content, resources: fonts }],
    [
      '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R >>',
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
    ],
  );
}

/** A 16 × 16 pixel blue PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mOQizpBEmIY1TCqYfhqAAB1t0AQ8dIAngAAAABJRU5ErkJggg==',
  'base64',
);
