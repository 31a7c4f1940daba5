/**
 * Runs a format parser written as a generator over a stream that arrives in chunks, so a whole
 * upload can be walked in constant memory while it is being hashed. The parser yields what it
 * needs next and receives the bytes:
 * - `{ read: n }` → exactly n bytes (fewer only at the end of the stream),
 * - `{ skip: n }` → nothing; n bytes are passed over (a short skip means the stream ended),
 * - `{ any: true }` → whatever is buffered, at least one byte (an empty buffer at the end),
 * - `{ unread: bytes }` → nothing; the bytes are handed out again by the next request.
 * Its return value is the result; a parser that returns early has the rest of the stream ignored.
 */
export type ParserRequest = { read: number } | { skip: number } | { any: true } | { unread: Buffer };
export type ByteParser<R> = Generator<ParserRequest, R, Buffer>;

export class StreamedParser<R> {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private request: ParserRequest | null = null;
  private skipped = 0;
  private result: { value: R } | null = null;

  constructor(private readonly parser: ByteParser<R>) {
    this.advance(Buffer.alloc(0), true);
  }

  feed(chunk: Buffer): void {
    if (this.result || !chunk.length) return;
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    this.drain(false);
  }

  /** Signals the end of the stream and returns the parser's result (every later request is answered short). */
  end(): R {
    this.drain(true);
    return this.result!.value;
  }

  private drain(ended: boolean): void {
    while (!this.result && this.request) {
      const request = this.request;
      if ('unread' in request) {
        this.pending.unshift(request.unread);
        this.pendingLength += request.unread.length;
        this.advance(Buffer.alloc(0), false);
      } else if ('skip' in request) {
        const n = Math.min(request.skip - this.skipped, this.pendingLength);
        this.take(n);
        this.skipped += n;
        if (this.skipped < request.skip && !ended) return;
        this.skipped = 0;
        this.advance(Buffer.alloc(0), false);
      } else if ('read' in request) {
        if (this.pendingLength < request.read && !ended) return;
        this.advance(this.take(Math.min(request.read, this.pendingLength)), false);
      } else {
        if (!this.pendingLength && !ended) return;
        this.advance(this.take(this.pendingLength), false);
      }
    }
  }

  private advance(input: Buffer, first: boolean): void {
    const next = first ? this.parser.next() : this.parser.next(input);
    if (next.done) {
      this.result = { value: next.value };
      this.request = null;
    } else {
      this.request = next.value;
    }
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const taken = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length ? [rest] : [];
    this.pendingLength = rest.length;
    return taken;
  }
}

/** Counts the bytes left in the stream (what follows a format's end marker). */
export function* remainingBytes(): ByteParser<number> {
  let count = 0;
  for (;;) {
    const chunk = yield { any: true };
    if (!chunk.length) return count;
    count += chunk.length;
  }
}

/** Runs a parser over one buffer (tests, small inputs). */
export function parseBuffer<R>(parser: ByteParser<R>, data: Buffer): R {
  const run = new StreamedParser(parser);
  run.feed(data);
  return run.end();
}
