import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { EICAR } from './suspicious-files';

export interface FakeClamd {
  /** `tcp://127.0.0.1:<port>` for CLAMAV_URL. */
  url: string;
  /** Every stream scanned, in full. */
  scanned: Buffer[];
  close(): Promise<void>;
}

/**
 * A small server speaking clamd's INSTREAM protocol as clamd(8) documents it: `zINSTREAM\0` (or
 * `nINSTREAM\n`), chunks prefixed by a 4-byte big-endian length, a zero length to end; it answers
 * `stream: Eicar-Test-Signature FOUND` when the stream holds the EICAR string, `stream: OK`
 * otherwise, and refuses other commands as clamd does. Real clamd cannot get signatures here.
 */
export async function startFakeClamd(port = 0): Promise<FakeClamd> {
  const scanned: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    let command: 'z' | 'n' | null = null;
    const chunks: Buffer[] = [];
    socket.on('data', (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      if (!command) {
        const z = buffered.indexOf(0);
        const n = buffered.indexOf(0x0a);
        const end = z !== -1 ? z : n;
        if (end === -1) return;
        const name = buffered.toString('latin1', 0, end);
        if (name !== 'zINSTREAM' && name !== 'nINSTREAM') {
          socket.end(`${name}: Unknown command. ERROR\0`);
          return;
        }
        command = name[0] as 'z' | 'n';
        buffered = buffered.subarray(end + 1);
      }
      while (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (length === 0) {
          const stream = Buffer.concat(chunks);
          scanned.push(stream);
          const verdict = stream.includes(EICAR) ? 'stream: Eicar-Test-Signature FOUND' : 'stream: OK';
          socket.end(verdict + (command === 'z' ? '\0' : '\n'));
          return;
        }
        if (buffered.length < 4 + length) return;
        chunks.push(buffered.subarray(4, 4 + length));
        buffered = buffered.subarray(4 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `tcp://127.0.0.1:${address.port}`,
    scanned,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
