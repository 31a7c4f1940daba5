import { HttpErrorResponse } from '@angular/common/http';
import type { Page } from './api-types';
import { CursorList } from './cursor-list';

/** A page request the test answers when it wants, to put answers out of order. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CursorList', () => {
  it('starts over on reload and appends the next page on more', async () => {
    const pages: Record<string, Page<number>> = {
      first: { items: [1, 2], nextCursor: 'c2' },
      c2: { items: [3], nextCursor: null },
    };
    const list = new CursorList<number>((cursor) => Promise.resolve(pages[cursor ?? 'first']!));
    await list.reload();
    expect([list.items(), list.nextCursor()]).toEqual([[1, 2], 'c2']);
    await list.more();
    expect([list.items(), list.nextCursor(), list.loading()]).toEqual([[1, 2, 3], null, false]);
    await list.reload();
    expect(list.items()).toEqual([1, 2]);
  });

  it('ignores the answer of a request a newer one superseded', async () => {
    const slow = deferred<Page<string>>();
    const answers = [slow.promise, Promise.resolve({ items: ['new filter'], nextCursor: null })];
    const list = new CursorList<string>(() => answers.shift()!);
    const first = list.reload();
    await list.reload();
    slow.resolve({ items: ['old filter'], nextCursor: 'stale' });
    expect(await first).toBeNull();
    expect([list.items(), list.nextCursor(), list.loading()]).toEqual([['new filter'], null, false]);
  });

  it('keeps the rows the page wants, tells it which it shows, and reports a refusal', async () => {
    const shown: number[][] = [];
    const list = new CursorList<number>(
      (cursor) =>
        cursor
          ? Promise.reject(new HttpErrorResponse({ status: 403, error: { title: 'Forbidden' } }))
          : Promise.resolve({ items: [1, 2, 3, 4], nextCursor: 'c2' }),
      { keep: (n) => n % 2 === 0, shown: (rows) => shown.push(rows) },
    );
    await list.reload();
    expect([list.items(), shown]).toEqual([[2, 4], [[2, 4]]]);
    expect(await list.more()).toBeNull();
    expect(list.problem()?.status).toBe(403);
    expect(list.items()).toEqual([2, 4]);
  });
});
