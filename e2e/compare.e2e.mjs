import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { apiAs, workspaceFor } from './support/api.mjs';
import { chineseDxf } from './support/cad.mjs';
import { expectNoSeriousA11yViolations, expectUrl, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { uploadRevision } from './support/uploads.mjs';
import { eventually } from './support/wait.mjs';

/** Where the dimension label sits on page 1 (PDF points, origin bottom left, 600 × 400 page). */
const LABEL = { x: 290, y: 160, size: 16 };

/**
 * A two-page drawing: a frame, a dimension line with its label and a title on page 1, the same frame on
 * page 2. Revisions differ only in the label's text.
 */
async function drawing(label) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= 2; n += 1) {
    const page = doc.addPage([600, 400]);
    page.drawRectangle({ x: 40, y: 40, width: 520, height: 320, borderColor: rgb(0, 0, 0), borderWidth: 2 });
    page.drawText(`D-700 bracket, sheet ${n}`, { x: 60, y: 60, size: 12, font });
    if (n === 1) {
      page.drawLine({ start: { x: 100, y: 150 }, end: { x: 500, y: 150 }, thickness: 1 });
      page.drawText(label, { x: LABEL.x, y: LABEL.y, size: LABEL.size, font });
    }
  }
  return Buffer.from(await doc.save());
}

/** Visual compare of two PDF revisions: the overlay finds the one changed dimension label. */
export default [
  {
    name: 'compares two PDF revisions that differ in one dimension label and points at the label',
    timeout: 180_000,
    async run({ page, baseUrl, shot }) {
      const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
      const ana = await apiAs(baseUrl, ANA);
      const file = await ana.post(`/api/v1/workspaces/${workspace.id}/files`, {
        documentNumber: 'D-700',
        title: 'Bracket',
      });
      await uploadRevision(ana, file.id, { fileName: 'D-700 B.pdf', body: await drawing('Ø 120') });
      await uploadRevision(ana, file.id, { fileName: 'D-700 C.pdf', body: await drawing('Ø 135') });
      await eventually('both revisions available', async () => {
        const { revisions } = await ana.get(`/api/v1/files/${file.id}`);
        return revisions.filter((r) => r.state === 'available' || r.state === 'superseded').length === 2;
      });

      await signIn(page, ANA);
      await page.goto(`/files/${file.id}`);
      const form = page.getByRole('form', { name: 'Compare revisions' });
      await expectVisible(form);
      await page.getByLabel('Older revision').selectOption({ label: 'A · D-700 B.pdf' });
      await page.getByLabel('Newer revision').selectOption({ label: 'B · D-700 C.pdf' });
      await form.getByRole('button', { name: 'Compare' }).click();
      await expectUrl(page, /\/compare\?a=1&b=2$/);
      await expectVisible(page.getByRole('img', { name: 'Overlay of A and B, page 1' }));
      await expectVisible(page.getByRole('status').filter({ hasText: 'Difference 1 of 1' }), 30_000);

      // The reported region, as fractions of the page, lies on the label (its last two digits changed).
      const box = page.getByTestId('difference');
      const read = async (name) => Number(await box.getAttribute(`data-${name}`));
      const [x, y, width, height] = [
        await read('x'),
        await read('y'),
        await read('width'),
        await read('height'),
      ];
      const label = {
        left: LABEL.x / 600,
        right: (LABEL.x + 60) / 600,
        top: (400 - LABEL.y - LABEL.size) / 400,
        bottom: (400 - LABEL.y + 4) / 400,
      };
      const [cx, cy] = [x + width / 2, y + height / 2];
      if (
        cx < label.left ||
        cx > label.right ||
        cy < label.top ||
        cy > label.bottom ||
        width > 0.1 ||
        height > 0.1
      )
        throw new Error(
          `difference at ${JSON.stringify({ x, y, width, height })}, label at ${JSON.stringify(label)}`,
        );
      // Red (removed "20") and blue (added "35") ink both in the overlay.
      const colours = await page.getByRole('img', { name: 'Overlay of A and B, page 1' }).evaluate((c) => {
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        let red = 0;
        let blue = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] > 200 && data[i + 1] < 60 && data[i + 2] < 60) red += 1;
          if (data[i] < 60 && data[i + 1] < 120 && data[i + 2] > 200) blue += 1;
        }
        return { red, blue };
      });
      if (colours.red < 20 || colours.blue < 20)
        throw new Error(`overlay colours ${JSON.stringify(colours)}`);
      await shot('compare overlay');
      await expectNoSeriousA11yViolations(page);

      await page.getByRole('button', { name: 'Next page' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Page 2 of 2' }));
      await expectVisible(page.getByRole('status').filter({ hasText: 'No difference on this page' }), 30_000);

      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.getByRole('button', { name: 'Side by side', exact: true }).click();
      await expectVisible(page.getByRole('img', { name: 'A, page 1' }));
      await expectVisible(page.getByRole('img', { name: 'B, page 1' }));
      // Scrolling one side scrolls the other to the same place.
      await page.getByRole('button', { name: 'Zoom in' }).click();
      await page.getByRole('button', { name: 'Zoom in' }).click();
      const panes = page.locator('.side .pane');
      await panes.first().evaluate((p) => p.scrollTo(37, 41));
      await page.waitForFunction(() => {
        const [a, b] = document.querySelectorAll('.side .pane');
        return a.scrollLeft === b.scrollLeft && a.scrollTop === b.scrollTop && b.scrollLeft > 0;
      });
      await shot('side by side');
    },
  },
  {
    name: 'overlays two DXF revisions rendered to the same view: the moved centre line is removed and added',
    timeout: 180_000,
    async run({ page, baseUrl, shot }) {
      const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
      const ana = await apiAs(baseUrl, ANA);
      const file = await ana.post(`/api/v1/workspaces/${workspace.id}/files`, {
        documentNumber: 'D-701',
        title: 'Plate',
      });
      await uploadRevision(ana, file.id, { fileName: 'D-701.dxf', body: chineseDxf() });
      await uploadRevision(ana, file.id, { fileName: 'D-701.dxf', body: chineseDxf({ centreY: 30 }) });
      await eventually('both revisions available', async () => {
        const { revisions } = await ana.get(`/api/v1/files/${file.id}`);
        return revisions.filter((r) => r.state === 'available' || r.state === 'superseded').length === 2;
      });
      await signIn(page, ANA);
      await page.goto(`/files/${file.id}/compare?a=1&b=2`);
      // The line at y = 50 (higher on the sheet) was removed, the one at y = 30 added: two regions.
      await expectVisible(page.getByRole('status').filter({ hasText: 'Difference 1 of 2' }), 60_000);
      const box = page.getByTestId('difference');
      const first = Number(await box.getAttribute('data-y'));
      await page.getByRole('button', { name: 'Next difference' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Difference 2 of 2' }));
      const second = Number(await box.getAttribute('data-y'));
      if (!(first < second)) throw new Error(`regions at y ${first} then ${second}: not top to bottom`);
      if (Number(await box.getAttribute('data-width')) < 0.5)
        throw new Error('the moved line should span most of the drawing width');
      await shot('dxf overlay');
    },
  },
];
