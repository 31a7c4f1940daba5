import { loadConfig } from '../config';
import { BadInputError } from '../common';
import { UploadPolicy } from './upload-policy';

function policy(env: Record<string, string> = {}): UploadPolicy {
  return new UploadPolicy(loadConfig({ NODE_ENV: 'test', ...env }));
}

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BadInputError) return error.errors.map((e) => e.field);
    throw error;
  }
  throw new Error('expected a policy violation');
}

describe('UploadPolicy', () => {
  it('accepts a drawing and derives its content type from the extension', () => {
    expect(policy().check({ fileName: 'D-102 rev C.STEP', size: 1000 })).toEqual({
      fileName: 'D-102 rev C.STEP',
      extension: 'step',
      contentType: 'model/step',
      size: 1000,
    });
  });

  it('rejects an extension outside the default allowlist', () => {
    expect(fieldsOf(() => policy().check({ fileName: 'setup.exe', size: 10 }))).toEqual(['fileName']);
  });

  it('rejects a disguised executable once the bidi override is removed', () => {
    expect(fieldsOf(() => policy().check({ fileName: 'drawing\u202Efdp.exe', size: 10 }))).toEqual([
      'fileName',
    ]);
  });

  it('rejects a name without an extension', () => {
    expect(fieldsOf(() => policy().check({ fileName: '../..', size: 10 }))).toEqual(['fileName']);
  });

  it('honours a configured allowlist', () => {
    const custom = policy({ FILES_ALLOWED_EXTENSIONS: 'pdf, TXT' });
    expect(custom.check({ fileName: 'notes.txt', size: 1 }).extension).toBe('txt');
    expect(fieldsOf(() => custom.check({ fileName: 'a.dwg', size: 1 }))).toEqual(['fileName']);
  });

  it('rejects a size over the limit, and the default limit is 2 GiB', () => {
    expect(policy().check({ fileName: 'a.pdf', size: 2 * 1024 ** 3 }).size).toBe(2 * 1024 ** 3);
    expect(fieldsOf(() => policy().check({ fileName: 'a.pdf', size: 2 * 1024 ** 3 + 1 }))).toEqual(['size']);
    expect(
      fieldsOf(() => policy({ FILES_MAX_UPLOAD_BYTES: '100' }).check({ fileName: 'a.pdf', size: 101 })),
    ).toEqual(['size']);
  });

  it('names every bad field at once', () => {
    expect(fieldsOf(() => policy().check({ fileName: 'x.bat', size: 0 }))).toEqual(['fileName', 'size']);
  });
});
