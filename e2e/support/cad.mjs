/** Small CAD files for the viewer tests, made on the fly (no binary fixture in the repository). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const pair = (code, value) => `${String(code).padStart(3)}\n${value}\n`;

function layerTable(layers) {
  let out = pair(0, 'TABLE') + pair(2, 'LAYER') + pair(70, layers.length);
  for (const [name, colour] of layers)
    out += pair(0, 'LAYER') + pair(2, name) + pair(70, 0) + pair(62, colour) + pair(6, 'CONTINUOUS');
  return out + pair(0, 'ENDTAB');
}

const line = (layer, x1, y1, x2, y2) =>
  pair(0, 'LINE') +
  pair(8, layer) +
  pair(10, x1) +
  pair(20, y1) +
  pair(30, 0) +
  pair(11, x2) +
  pair(21, y2) +
  pair(31, 0);

const text = (layer, x, y, height, value) =>
  pair(0, 'TEXT') +
  pair(8, layer) +
  pair(10, x) +
  pair(20, y) +
  pair(30, 0) +
  pair(40, height) +
  pair(1, value);

/**
 * A UTF-8 DXF (AutoCAD 2007 and later write UTF-8) of a 200 × 100 plate outline on layer OUTLINE, a
 * centre line on CENTER and a Chinese title block text (“中文标注 支架”) on TEXT, in big letters so the
 * text alone inks a good share of the picture. `centreY` moves the centre line (a revision's change).
 */
export function chineseDxf({ centreY = 50 } = {}) {
  const header =
    pair(0, 'SECTION') + pair(2, 'HEADER') + pair(9, '$ACADVER') + pair(1, 'AC1021') + pair(0, 'ENDSEC');
  const tables =
    pair(0, 'SECTION') +
    pair(2, 'TABLES') +
    layerTable([
      ['0', 7],
      ['OUTLINE', 7],
      ['CENTER', 1],
      ['TEXT', 5],
    ]) +
    pair(0, 'ENDSEC');
  const entities =
    pair(0, 'SECTION') +
    pair(2, 'ENTITIES') +
    line('OUTLINE', 0, 0, 200, 0) +
    line('OUTLINE', 200, 0, 200, 100) +
    line('OUTLINE', 200, 100, 0, 100) +
    line('OUTLINE', 0, 100, 0, 0) +
    line('CENTER', 0, centreY, 200, centreY) +
    text('TEXT', 15, 60, 24, '中文标注 支架') +
    pair(0, 'ENDSEC');
  return Buffer.from(header + tables + entities + pair(0, 'EOF'), 'utf8');
}

/** A binary STL of an axis-aligned box (12 triangles), `size` millimetres along x, y, z. */
export function boxStl([x, y, z] = [40, 20, 10]) {
  const v = (i) => [i & 1 ? x : 0, i & 2 ? y : 0, i & 4 ? z : 0];
  const faces = [
    [0, 2, 3, 1],
    [4, 5, 7, 6],
    [0, 1, 5, 4],
    [2, 6, 7, 3],
    [0, 4, 6, 2],
    [1, 3, 7, 5],
  ];
  const triangles = faces.flatMap(([a, b, c, d]) => [
    [a, b, c],
    [a, c, d],
  ]);
  const buffer = Buffer.alloc(84 + 50 * triangles.length);
  buffer.write('portico e2e box', 0, 'latin1');
  buffer.writeUInt32LE(triangles.length, 80);
  triangles.forEach((tri, t) => {
    const offset = 84 + 50 * t + 12; // normal left zero: readers compute it
    tri.forEach((corner, k) =>
      v(corner).forEach((c, axis) => buffer.writeFloatLE(c, offset + 12 * k + 4 * axis)),
    );
  });
  return buffer;
}

/** A sample file that occt-import-js ships for its own tests (a STEP assembly, an IGES cube). */
/**
 * A binary STL of a wavy square surface, about `mb` megabytes (50 bytes a triangle): one mesh of
 * unshared triangles, as CAD exporters write them.
 */
export function wavyStl(mb) {
  const n = Math.max(2, Math.floor(Math.sqrt((mb * 1_000_000) / 100)));
  const triangles = n * n * 2;
  const buffer = Buffer.alloc(84 + 50 * triangles);
  buffer.write('portico bench surface', 0, 'latin1');
  buffer.writeUInt32LE(triangles, 80);
  const z = (i, j) => 5 * Math.sin(i / 15) * Math.cos(j / 20);
  let offset = 84;
  const corner = (i, j) => {
    buffer.writeFloatLE(i, offset);
    buffer.writeFloatLE(j, offset + 4);
    buffer.writeFloatLE(z(i, j), offset + 8);
    offset += 12;
  };
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      offset += 12; // normal left zero: readers compute it
      corner(i, j);
      corner(i + 1, j);
      corner(i + 1, j + 1);
      offset += 2;
      offset += 12;
      corner(i, j);
      corner(i + 1, j + 1);
      corner(i, j + 1);
      offset += 2;
    }
  }
  return buffer;
}

export function occtSample(relative) {
  const require = createRequire(import.meta.url);
  const root = path.dirname(path.dirname(require.resolve('occt-import-js')));
  return readFileSync(path.join(root, 'test', 'testfiles', relative));
}

/**
 * Counts the pixels of a canvas (WebGL too: the viewers keep their drawing buffer) that differ from its
 * top-left corner, i.e. what the viewer drew over the background.
 */
export function drawnPixels(locator) {
  return locator.evaluate((host) => {
    const source = host.tagName === 'CANVAS' ? host : host.querySelector('canvas');
    if (!source || !source.width || !source.height) return 0;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(source, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    const [r, g, b] = data;
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 40) drawn += 1;
    }
    return drawn;
  });
}
