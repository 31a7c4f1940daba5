import { boxStl, chineseDxf, drawnPixels, occtSample, wavyStl } from './support/cad.mjs';
import { expectNoSeriousA11yViolations, expectVisible } from './support/expect.mjs';
import { newFileAsAna, uploadThroughPage } from './support/files.mjs';

/** Polls until the viewer inside `locator` has drawn at least `atLeast` pixels; returns the count. */
async function drawn(page, locator, atLeast, what) {
  let count = 0;
  for (let i = 0; i < 120 && count < atLeast; i += 1) {
    if (i) await page.waitForTimeout(250);
    count = await drawnPixels(locator);
  }
  if (count < atLeast) throw new Error(`${what} drew only ${count} pixels`);
  return count;
}

/** Polls until the 3D view's aria-busy is `busy` ("true": the full model is being drawn). */
async function busy(locator, busy, what, timeout = 60_000) {
  const until = Date.now() + timeout;
  for (;;) {
    if ((await locator.getAttribute('aria-busy')) === busy) return;
    if (Date.now() > until) throw new Error(`${what}: aria-busy never became ${busy}`);
    await locator.page().waitForTimeout(40);
  }
}

/** Fails on any Content Security Policy refusal the page logs (WebAssembly, workers, fonts). */
function cspWatch(page) {
  const violations = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  return () => {
    if (violations.length) throw new Error(`CSP refused something: ${violations.join(' | ')}`);
  };
}

/** DXF, STEP, IGES and STL previews in the browser, under the portal's CSP. */
export default [
  {
    name: 'previews a DXF with Chinese text: layers toggle, fit to view, the Chinese font fetched only for it',
    timeout: 180_000,
    async run({ page, context, baseUrl, shot }) {
      const cspClean = cspWatch(page);
      const fonts = [];
      context.on('response', (r) => /\/cad-fonts\//.test(r.url()) && fonts.push(`${r.status()} ${r.url()}`));
      await newFileAsAna(page, baseUrl, 'D-501', '支架 bracket');
      await uploadThroughPage(page, { name: 'D-501 支架.dxf', buffer: chineseDxf(), label: 'A' });
      await page.getByRole('button', { name: 'Preview D-501 支架.dxf' }).click();
      const dialog = page.getByRole('dialog', { name: 'Preview D-501 支架.dxf' });
      const drawing = dialog.getByRole('img', { name: 'Drawing D-501 支架.dxf' });
      await expectVisible(drawing, 60_000);
      const layers = dialog.getByRole('group', { name: 'Layers' });
      await expectVisible(layers, 60_000);
      for (const name of ['OUTLINE', 'CENTER', 'TEXT']) await expectVisible(layers.getByLabel(name));
      const all = await drawn(page, drawing, 2_000, 'the drawing');
      if (!fonts.some((f) => /^200 .*\/cad-fonts\/chinese\.ttf$/.test(f)))
        throw new Error(`the Chinese font was not fetched: ${fonts.join(', ') || 'no font request'}`);
      if (await dialog.getByText('are drawn as placeholders').count())
        throw new Error('the viewer reports characters it cannot draw');
      await shot('dxf preview');
      await expectNoSeriousA11yViolations(page);

      // The text layer off: what remains is the outline and the centre line, far fewer pixels.
      await layers.getByLabel('TEXT').uncheck();
      await page.waitForTimeout(300);
      const withoutText = await drawnPixels(drawing);
      if (withoutText > all * 0.8)
        throw new Error(
          `hiding the TEXT layer left ${withoutText} of ${all} pixels: the Chinese text drew little`,
        );
      await layers.getByLabel('TEXT').check();
      await dialog.getByRole('button', { name: 'Zoom in' }).click();
      await dialog.getByRole('button', { name: 'Fit to view' }).click();
      await page.waitForTimeout(300);
      const refit = await drawnPixels(drawing);
      if (Math.abs(refit - all) > all * 0.15)
        throw new Error(`fit to view drew ${refit} pixels, first ${all}`);
      cspClean();
    },
  },
  {
    name: 'previews a STEP assembly in 3D with its part tree, hides a part and cuts a section',
    timeout: 180_000,
    async run({ page, baseUrl, shot }) {
      const cspClean = cspWatch(page);
      await newFileAsAna(page, baseUrl, 'A-900', 'Assembly');
      await uploadThroughPage(page, { name: 'as1-oc-214.stp', buffer: occtSample('cax-if/as1-oc-214.stp') });
      await page.getByRole('button', { name: 'Preview as1-oc-214.stp' }).click();
      const dialog = page.getByRole('dialog', { name: 'Preview as1-oc-214.stp' });
      const parts = dialog.getByRole('group', { name: 'Parts' });
      await expectVisible(parts, 90_000);
      const model = dialog.getByRole('img', { name: '3D model as1-oc-214.stp' });
      const whole = await drawn(page, model, 5_000, 'the model');
      const boxes = parts.getByRole('checkbox');
      if ((await boxes.count()) < 3) throw new Error(`the part tree lists ${await boxes.count()} rows`);
      await shot('step preview');

      await dialog.getByLabel('Section plane').check();
      await dialog.getByLabel('Section position').fill('20');
      await page.waitForTimeout(300);
      const cut = await drawnPixels(model);
      if (cut >= whole) throw new Error(`the section left ${cut} of ${whole} pixels`);
      await dialog.getByLabel('Section plane').uncheck();
      // The first row is the whole assembly: off, nothing is drawn.
      await boxes.first().uncheck();
      await page.waitForTimeout(300);
      const hidden = await drawnPixels(model);
      if (hidden > whole * 0.05) throw new Error(`with every part hidden ${hidden} pixels are drawn`);
      await boxes.first().check();
      await dialog.getByRole('button', { name: 'Fit to view' }).click();
      await drawn(page, model, whole * 0.8, 'the model shown again');
      await shot('step section');
      await expectNoSeriousA11yViolations(page);
      cspClean();
    },
  },
  {
    name: 'previews an IGES cube and an STL box in 3D',
    timeout: 180_000,
    async run({ page, baseUrl, shot }) {
      const cspClean = cspWatch(page);
      await newFileAsAna(page, baseUrl, 'C-10', 'Cube');
      await uploadThroughPage(page, { name: 'cube.igs', buffer: occtSample('cube-10x10mm/Cube 10x10.igs') });
      await page.getByRole('button', { name: 'Preview cube.igs' }).click();
      let dialog = page.getByRole('dialog', { name: 'Preview cube.igs' });
      await expectVisible(dialog.getByRole('group', { name: 'Parts' }), 90_000);
      await drawn(page, dialog.getByRole('img', { name: '3D model cube.igs' }), 5_000, 'the IGES cube');
      await shot('iges preview');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await uploadThroughPage(page, { name: 'box.stl', buffer: boxStl() });
      await page.getByRole('button', { name: 'Preview box.stl' }).click();
      dialog = page.getByRole('dialog', { name: 'Preview box.stl' });
      const parts = dialog.getByRole('group', { name: 'Parts' });
      await expectVisible(parts, 60_000);
      await expectVisible(parts.getByLabel('box.stl'));
      await drawn(page, dialog.getByRole('img', { name: '3D model box.stl' }), 5_000, 'the STL box');
      await shot('stl preview');
      cspClean();
    },
  },
  {
    name: 'draws a large STL a few pieces a frame, and its proxy while it turns',
    timeout: 240_000,
    async run({ page, baseUrl, shot }) {
      const cspClean = cspWatch(page);
      await newFileAsAna(page, baseUrl, 'W-8', 'Wavy surface');
      // About 160,000 triangles: drawn in several frames, above the proxy's budget.
      await uploadThroughPage(page, { name: 'wavy.stl', buffer: wavyStl(8) });
      await page.getByRole('button', { name: 'Preview wavy.stl' }).click();
      const dialog = page.getByRole('dialog', { name: 'Preview wavy.stl' });
      const model = dialog.getByRole('img', { name: '3D model wavy.stl' });
      await expectVisible(dialog.getByRole('group', { name: 'Parts' }).getByLabel('wavy.stl'), 120_000);
      // The progress bar stays until the full model is drawn.
      if (await dialog.getByRole('progressbar').count()) throw new Error('ready while still loading');
      await busy(model, 'false', 'the first drawing');
      const whole = await drawn(page, model, 20_000, 'the large model');
      await shot('large stl preview');

      // Turning draws the proxy and marks the view busy until the full model is drawn again.
      const box = await model.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 20, { steps: 4 });
      await page.mouse.up();
      await busy(model, 'true', 'turning', 5_000);
      await busy(model, 'false', 'the refinement');
      await drawn(page, model, 20_000, 'the turned model');

      await dialog.getByLabel('Section plane').check();
      await dialog.getByLabel('Section position').fill('20');
      await busy(model, 'true', 'cutting', 5_000);
      await busy(model, 'false', 'the cut model');
      const cut = await drawnPixels(model);
      await dialog.getByLabel('Section plane').uncheck();
      await dialog.getByRole('button', { name: 'Fit to view' }).click();
      await busy(model, 'true', 'fitting', 5_000);
      await busy(model, 'false', 'the fitted model');
      const fitted = await drawn(page, model, whole * 0.8, 'the model fitted again');
      if (cut >= fitted * 0.9) throw new Error(`the section left ${cut} of ${fitted} pixels`);
      cspClean();
    },
  },
  {
    name: 'a model the viewer cannot read fails with a clear message and a download of the original',
    async run({ page, baseUrl, shot }) {
      await newFileAsAna(page, baseUrl, 'X-1', 'Broken');
      // A well-formed STEP file (the upload checks pass) that holds no shape at all.
      const broken = Buffer.from(
        [
          'ISO-10303-21;',
          'HEADER;',
          "FILE_DESCRIPTION(('no shape'),'2;1');",
          "FILE_NAME('broken.step','2026-01-01T00:00:00',(''),(''),'','','');",
          "FILE_SCHEMA(('AUTOMOTIVE_DESIGN'));",
          'ENDSEC;',
          'DATA;',
          'ENDSEC;',
          'END-ISO-10303-21;',
          '',
        ].join('\n'),
      );
      await uploadThroughPage(page, { name: 'broken.step', buffer: broken });
      await page.getByRole('button', { name: 'Preview broken.step' }).click();
      const dialog = page.getByRole('dialog', { name: 'Preview broken.step' });
      await expectVisible(dialog.getByRole('alert').filter({ hasText: 'could not be shown' }), 90_000);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: 'Download broken.step' }).click(),
      ]);
      if (download.suggestedFilename() !== 'broken.step')
        throw new Error(`downloaded ${download.suggestedFilename()}`);
      await shot('unreadable model');
    },
  },
];
