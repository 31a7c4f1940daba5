import { connect, Socket } from 'node:net';

export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** The scanner could not give a verdict (down, timed out, refused the stream): try again later. */
export class ScannerUnavailable extends Error {}

/** clamd refuses one INSTREAM chunk above its StreamMaxLength; pieces of 1 MiB stay well under. */
const MAX_CHUNK = 1024 * 1024;

/** `tcp://host:3310` → where clamd listens. */
export function parseClamdUrl(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'tcp:' || !parsed.hostname || !parsed.port) {
    throw new Error('must look like tcp://host:3310');
  }
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) };
}

/**
 * Streams `body` to clamd with the INSTREAM command (clamd(8)): `zINSTREAM\0`, then chunks each
 * prefixed by its length as a 4-byte big-endian integer, then a zero length. clamd answers
 * `stream: OK` or `stream: <signature> FOUND`, NUL-terminated; anything else is an error.
 */
export async function scanWithClamd(
  url: string,
  body: AsyncIterable<Buffer>,
  timeoutMs: number,
): Promise<ScanVerdict> {
  const { host, port } = parseClamdUrl(url);
  const socket = connect({ host, port });
  socket.setTimeout(timeoutMs);
  const reply = collectReply(socket);
  // A failed write surfaces through the reply promise too; keep it from being unhandled meanwhile.
  reply.catch(() => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    await write(socket, Buffer.from('zINSTREAM\0'));
    for await (const chunk of body) {
      for (let at = 0; at < chunk.length; at += MAX_CHUNK) {
        const piece = chunk.subarray(at, at + MAX_CHUNK);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(piece.length);
        await write(socket, Buffer.concat([length, piece]));
      }
    }
    await write(socket, Buffer.alloc(4));
    const answer = await reply;
    const found = /^stream: (.+) FOUND$/.exec(answer);
    if (found) return { infected: true, signature: found[1] };
    if (answer === 'stream: OK') return { infected: false };
    throw new ScannerUnavailable(`clamd answered ${JSON.stringify(answer.slice(0, 200))}`);
  } catch (error) {
    // clamd closes the connection on an over-long stream and answers why: prefer its words.
    const answer = await Promise.race([reply, new Promise<null>((r) => setTimeout(() => r(null), 50))]).catch(
      () => null,
    );
    if (error instanceof ScannerUnavailable) throw error;
    const why = answer ? `clamd answered ${JSON.stringify(answer.slice(0, 200))}` : (error as Error).message;
    throw new ScannerUnavailable(`Malware scanner unavailable: ${why}`);
  } finally {
    socket.destroy();
  }
}

function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

function collectReply(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = () =>
      resolve(
        Buffer.concat(chunks)
          .toString('utf8')
          .replace(/\0[\s\S]*$/, '')
          .trim(),
      );
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunk.includes(0)) finish();
    });
    socket.once('end', finish);
    socket.once('timeout', () => {
      reject(new Error('clamd timed out'));
      socket.destroy();
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('clamd closed the connection without an answer')));
  });
}
