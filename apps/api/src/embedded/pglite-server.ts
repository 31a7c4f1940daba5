import { createServer, Server, Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
/** Frontend messages after which the client waits for an answer: Sync, simple Query, Flush. */
const EXCHANGE_ENDS = new Set(['S', 'Q', 'H']);
const TERMINATE = 'X';

interface Connection {
  socket: Socket;
  buffer: Buffer;
  pending: Buffer[];
  started: boolean;
}

interface Exchange {
  connection: Connection;
  bytes: Buffer;
}

/**
 * A PostgreSQL socket in front of PGlite for many `pg` connections at once.
 *
 * PGlite runs one session. `@electric-sql/pglite-socket` multiplexes connections message by
 * message, and under load its answers reached the wrong connection (a user lookup coming back
 * empty). Here PGlite gets whole exchanges — everything up to a Sync, simple Query or Flush —
 * one at a time, and while a transaction is open only its own connection is served.
 */
export class PgliteServer {
  private readonly server: Server;
  private readonly queue: Exchange[] = [];
  private readonly connections = new Set<Connection>();
  /** The connection whose transaction is open, if any. */
  private owner: Connection | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(host = '127.0.0.1', port = 0): Promise<number> {
    await this.db.waitReady;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('PGlite server has no TCP address');
    return address.port;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = { socket, buffer: Buffer.alloc(0), pending: [], started: false };
    this.connections.add(connection);
    socket.on('data', (chunk) => this.receive(connection, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.disconnect(connection));
  }

  private receive(connection: Connection, chunk: Buffer): void {
    connection.buffer = Buffer.concat([connection.buffer, chunk]);
    for (let message = this.nextMessage(connection); message; message = this.nextMessage(connection)) {
      if (message.kind === 'ssl') {
        connection.socket.write('N');
      } else if (message.kind === 'cancel' || message.kind === TERMINATE) {
        connection.socket.end();
        return;
      } else {
        connection.pending.push(message.bytes);
        if (message.kind === 'startup' || EXCHANGE_ENDS.has(message.kind)) {
          this.queue.push({ connection, bytes: Buffer.concat(connection.pending) });
          connection.pending = [];
        }
      }
    }
    void this.drain();
  }

  private nextMessage(connection: Connection): { kind: string; bytes: Buffer } | null {
    const buffer = connection.buffer;
    if (!connection.started) {
      // Untyped packets before the session starts: SSL request, cancel request or startup.
      if (buffer.length < 8) return null;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return null;
      const code = buffer.readInt32BE(4);
      connection.buffer = buffer.subarray(length);
      if (code === SSL_REQUEST) return { kind: 'ssl', bytes: Buffer.alloc(0) };
      if (code === CANCEL_REQUEST) return { kind: 'cancel', bytes: Buffer.alloc(0) };
      connection.started = true;
      return { kind: 'startup', bytes: Buffer.from(buffer.subarray(0, length)) };
    }
    if (buffer.length < 5) return null;
    const length = 1 + buffer.readInt32BE(1);
    if (buffer.length < length) return null;
    connection.buffer = buffer.subarray(length);
    return { kind: String.fromCharCode(buffer[0]), bytes: Buffer.from(buffer.subarray(0, length)) };
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((e) => e.connection === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) break;
        const [exchange] = this.queue.splice(index, 1);
        await this.run(exchange);
      }
    } finally {
      this.running = false;
    }
  }

  private async run({ connection, bytes }: Exchange): Promise<void> {
    if (connection.socket.destroyed) return;
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(new Uint8Array(bytes), {
        onRawData: (data) => {
          if (!connection.socket.destroyed) connection.socket.write(Buffer.from(data));
        },
      }),
    );
    this.owner = this.db.isInTransaction() ? connection : null;
  }

  private async disconnect(connection: Connection): Promise<void> {
    this.connections.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].connection === connection) this.queue.splice(i, 1);
    }
    if (this.owner === connection) {
      // A client that vanished inside a transaction must not keep everyone else waiting.
      this.owner = null;
      await this.db.exec('ROLLBACK');
      void this.drain();
    }
  }
}
