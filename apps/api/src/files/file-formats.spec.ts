import { contentMatchesExtension } from './file-formats';

const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(32)]);
const JPG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(32)]);
const ZIP = Buffer.concat([Buffer.from('504b0304140000000000', 'hex'), Buffer.alloc(40)]);
// A PE executable's first bytes: "MZ" header with the PE offset.
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(200)]);

function binaryStl(triangles: number): Buffer {
  const b = Buffer.alloc(84 + 50 * triangles);
  b.write('solid but actually binary', 0, 'latin1');
  b.writeUInt32LE(triangles, 80);
  return b;
}

describe('contentMatchesExtension', () => {
  it.each([
    ['pdf', PDF],
    ['png', PNG],
    ['jpg', JPG],
    ['jpeg', JPG],
    ['zip', ZIP],
    ['dwg', Buffer.from('AC1032\0\0\0\0\0\x01', 'latin1')],
    ['dxf', Buffer.from('  0\r\nSECTION\r\n  2\r\nHEADER\r\n', 'latin1')],
    ['dxf', Buffer.from('999\ncreated by CAD\n0\nSECTION\n', 'latin1')],
    ['step', Buffer.from('ISO-10303-21;\nHEADER;\n', 'latin1')],
    ['stp', Buffer.from('\uFEFFISO-10303-21;\r\nHEADER;\r\n', 'utf8')],
    ['igs', Buffer.from(`${'Portico test part'.padEnd(72)}S      1\n`, 'latin1')],
    ['stl', Buffer.from('solid part\n facet normal 0 0 1\n', 'latin1')],
  ])('accepts genuine %s content', async (extension, head) => {
    await expect(contentMatchesExtension(extension, head, head.length)).resolves.toBe(true);
  });

  it('accepts a binary STL whose size matches its triangle count', async () => {
    const stl = binaryStl(3);
    await expect(contentMatchesExtension('stl', stl, stl.length)).resolves.toBe(true);
    await expect(contentMatchesExtension('stl', stl, stl.length + 1)).resolves.toBe(false);
  });

  it.each(['pdf', 'png', 'jpg', 'zip', 'dwg', 'dxf', 'step', 'igs', 'stl'])(
    'rejects a Windows executable named .%s',
    async (extension) => {
      await expect(contentMatchesExtension(extension, EXE, 4096)).resolves.toBe(false);
    },
  );

  it('rejects a PNG named .pdf', async () => {
    await expect(contentMatchesExtension('pdf', PNG, PNG.length)).resolves.toBe(false);
  });

  it('rejects extensions it has no check for', async () => {
    await expect(contentMatchesExtension('txt', Buffer.from('hello'), 5)).resolves.toBe(false);
  });
});
