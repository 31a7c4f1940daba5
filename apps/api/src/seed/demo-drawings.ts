/**
 * Small but real drawing files for the demo, generated at seed time: a one-page PDF that pdf.js
 * renders and an ASCII DXF that CAD tools open. Both pass the upload verification in
 * apps/api/src/files/file-formats.ts like any file a supplier uploads.
 */

/** A one-page A4 PDF with a title block and a bracket outline; `revision` is printed in the title block. */
export function drawingPdf(title: string, revision: string, holeSpacingMm: number): Buffer {
  const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '\\$&');
  const content = [
    'BT /F1 18 Tf 60 780 Td (' + ascii(title) + ') Tj ET',
    'BT /F1 11 Tf 60 760 Td (Revision ' + ascii(revision) + ' - hole spacing ' + holeSpacingMm + ' mm) Tj ET',
    '2 w 100 300 400 300 re S',
    `${150} 450 m ${150 + holeSpacingMm * 2} 450 l S`,
    'BT /F1 9 Tf 60 60 Td (Portico demo drawing - not for production) Tj ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** An ASCII DXF (R12 entities only): the bracket outline and its two holes. */
export function drawingDxf(holeSpacingMm: number): Buffer {
  const pairs: Array<[number, string | number]> = [
    [0, 'SECTION'],
    [2, 'ENTITIES'],
  ];
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    pairs.push([0, 'LINE'], [8, 'OUTLINE'], [10, x1], [20, y1], [11, x2], [21, y2]);
  line(0, 0, 120, 0);
  line(120, 0, 120, 60);
  line(120, 60, 0, 60);
  line(0, 60, 0, 0);
  for (const x of [30, 30 + holeSpacingMm])
    pairs.push([0, 'CIRCLE'], [8, 'HOLES'], [10, x], [20, 30], [40, 3.2]);
  pairs.push([0, 'ENDSEC'], [0, 'EOF']);
  return Buffer.from(pairs.map(([code, value]) => `${code}\n${value}`).join('\n') + '\n', 'latin1');
}
