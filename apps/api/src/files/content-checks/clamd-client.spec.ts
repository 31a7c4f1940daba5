import { createServer } from 'node:net';
import { EICAR } from '../../../test/support/suspicious-files';
import { FakeClamd, startFakeClamd } from '../../../test/support/fake-clamd';
import { ScannerUnavailable, scanWithClamd } from './clamd-client';

async function* chunks(...parts: Buffer[]): AsyncIterable<Buffer> {
  for (const part of parts) yield part;
}

describe('scanWithClamd (INSTREAM)', () => {
  let clamd: FakeClamd;
  beforeAll(async () => {
    clamd = await startFakeClamd();
  });
  afterAll(() => clamd.close());

  it('streams every byte and reads a clean verdict', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 0x41);
    await expect(scanWithClamd(clamd.url, chunks(Buffer.from('%PDF-1.7\n'), big), 5000)).resolves.toEqual({
      infected: false,
    });
    expect(clamd.scanned.at(-1)!.equals(Buffer.concat([Buffer.from('%PDF-1.7\n'), big]))).toBe(true);
  });

  it('names the signature found, even when EICAR is split across chunks', async () => {
    const data = Buffer.from(`%PDF-1.7\n${EICAR}\n`);
    await expect(
      scanWithClamd(clamd.url, chunks(data.subarray(0, 20), data.subarray(20)), 5000),
    ).resolves.toEqual({ infected: true, signature: 'Eicar-Test-Signature' });
  });

  it('says the scanner is unavailable when nothing listens, it answers an error, or it stays silent', async () => {
    const closed = await startFakeClamd();
    const url = closed.url;
    await closed.close();
    await expect(scanWithClamd(url, chunks(Buffer.from('x')), 2000)).rejects.toBeInstanceOf(
      ScannerUnavailable,
    );

    const angry = createServer((socket) => socket.end('INSTREAM size limit exceeded. ERROR\0'));
    await new Promise<void>((r) => angry.listen(0, '127.0.0.1', r));
    const angryUrl = `tcp://127.0.0.1:${(angry.address() as { port: number }).port}`;
    await expect(scanWithClamd(angryUrl, chunks(Buffer.from('x')), 2000)).rejects.toThrow(
      /size limit exceeded/,
    );
    angry.close();

    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentUrl = `tcp://127.0.0.1:${(silent.address() as { port: number }).port}`;
    await expect(scanWithClamd(silentUrl, chunks(Buffer.from('x')), 300)).rejects.toThrow(/timed out/);
    silent.close();
  });
});
