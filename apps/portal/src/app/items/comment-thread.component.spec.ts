import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { PureAbility } from '@casl/ability';
import { TranslocoService } from '@jsverse/transloco';
import { AppAbility, createAppAbility } from '../core/auth/ability';
import { translocoTesting } from '../../testing/transloco-testing';
import { CommentThreadComponent, SYNC_POLL_DELAYS_MS } from './comment-thread.component';
import { ItemComment } from './sharing.types';

const URL = '/api/v1/items/item-1/comments';

function comment(over: Partial<ItemComment> & { id: string }): ItemComment {
  return {
    itemId: 'item-1',
    author: { id: 'u-ana', displayName: 'Ana Li', orgName: 'Acme Precision Parts' },
    body: 'Rev C fixes the hole pattern.',
    bodyHtml: null,
    source: 'portico',
    jira: null,
    visibility: 'public',
    sync: { state: 'delivered' },
    createdAt: '2026-11-25T10:00:00Z',
    ...over,
  };
}

const fromJira = comment({
  id: 'c-jira',
  author: { id: 'u-pm', displayName: 'Priya Menon', orgName: 'Northwind' },
  body: 'Tolerance confirmed.',
  bodyHtml: '<p>Tolerance <strong>confirmed</strong>.</p><img src="x" onerror="alert(1)">',
  source: 'jira',
  jira: { author: 'Lee Wong', updatedAt: null },
  sync: { state: 'delivered' },
  createdAt: '2026-11-25T09:00:00Z',
});

describe('CommentThreadComponent', () => {
  let fixture: ComponentFixture<CommentThreadComponent>;
  let http: HttpTestingController;
  let page: HTMLElement;
  let ability: AppAbility;

  async function render(options: { canComment: boolean }) {
    ability = createAppAbility();
    if (options.canComment) ability.update([{ action: 'create', subject: 'Comment' }]);
    await TestBed.configureTestingModule({
      imports: [CommentThreadComponent, translocoTesting()],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PureAbility, useValue: ability },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(CommentThreadComponent);
    fixture.componentRef.setInput('itemId', 'item-1');
    http = TestBed.inject(HttpTestingController);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  }

  async function answer(items: ItemComment[], nextCursor: string | null = null, cursor?: string) {
    const request = http.expectOne(
      (r) => r.url === URL && r.method === 'GET' && (r.params.get('cursor') ?? undefined) === cursor,
    );
    request.flush({ items, nextCursor });
    await settle();
  }

  /** Lets the component's awaits after an answered request run, then renders. */
  async function settle() {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    // Angular's own scheduling waits on timers, which the polling tests control by hand.
    if (vi.isFakeTimers()) fixture.detectChanges();
    else await fixture.whenStable();
  }

  function entries(): HTMLElement[] {
    return [...page.querySelectorAll<HTMLElement>('li.entry')];
  }

  function type(text: string): void {
    const textarea = page.querySelector('textarea')!;
    textarea.value = text;
    textarea.dispatchEvent(new Event('input'));
    fixture.detectChanges();
  }

  function postButton(): HTMLButtonElement {
    return page.querySelector<HTMLButtonElement>('form button[type="submit"]')!;
  }

  afterEach(() => {
    vi.useRealTimers();
    http.verify();
  });

  it('lists the thread oldest first with author, organisation, time and sync state, but no Jira ids', async () => {
    await render({ canComment: true });
    await answer([
      fromJira,
      comment({ id: 'c-1' }),
      comment({ id: 'c-2', body: 'Second\nline', sync: { state: 'failed' } }),
    ]);
    const [jira, first, second] = entries();
    expect(entries().map((e) => e.id)).toEqual(['comment-c-jira', 'comment-c-1', 'comment-c-2']);
    expect(first.querySelector('.author')?.textContent).toBe('Ana Li');
    expect(first.querySelector('.org')?.textContent).toBe('Acme Precision Parts');
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-25T10:00:00Z');
    expect(first.querySelector('time')?.textContent).toMatch(/Nov 25, 2026/);
    expect(first.querySelector('.sync')?.textContent?.trim()).toBe('Delivered to Jira');
    expect(second.querySelector('.sync')?.textContent?.trim()).toBe('Failed');
    expect(second.querySelector('.body')?.textContent).toBe('Second\nline');
    expect(page.textContent).not.toContain('10100');
    expect(page.textContent).not.toContain('10042');
    expect(jira.querySelector('.sync')).toBeNull();
  });

  it('shows a Jira comment made public with its badge and its HTML sanitised once more', async () => {
    await render({ canComment: false });
    await answer([fromJira]);
    const [jira] = entries();
    expect(jira.querySelector('.author')?.textContent).toBe('Lee Wong');
    expect(jira.querySelector('.badge')?.textContent).toBe('from Jira');
    expect(jira.querySelector('.body strong')?.textContent).toBe('confirmed');
    expect(jira.querySelector('img')?.getAttribute('onerror')).toBeNull();
  });

  it('keeps supplier text as text: markup in a comment is shown, not rendered', async () => {
    await render({ canComment: false });
    await answer([comment({ id: 'c-1', body: '<b>bold</b>' })]);
    expect(entries()[0].querySelector('b')).toBeNull();
    expect(entries()[0].querySelector('.body')?.textContent).toBe('<b>bold</b>');
  });

  it('offers no form to a user who may not comment', async () => {
    await render({ canComment: false });
    await answer([]);
    expect(page.querySelector('form')).toBeNull();
    expect(page.textContent).toContain('No comments yet.');
  });

  it('shows or hides the form when the rules change after the thread is open', async () => {
    await render({ canComment: false });
    await answer([]);
    expect(page.querySelector('form')).toBeNull();

    ability.update([{ action: 'create', subject: 'Comment' }]);
    await settle();
    expect(page.querySelector('form')).not.toBeNull();

    ability.update([]);
    await settle();
    expect(page.querySelector('form')).toBeNull();
  });

  it('posts a comment, shows it at once as pending and re-reads until Jira has it', async () => {
    vi.useFakeTimers();
    await render({ canComment: true });
    await answer([comment({ id: 'c-1' })]);
    expect(page.querySelector('mat-label')?.textContent).toBe('Your comment');
    expect(page.querySelector('textarea')?.getAttribute('maxlength')).toBe('20000');
    expect(postButton().disabled).toBe(true);

    type('Please confirm the bore tolerance.');
    expect(postButton().disabled).toBe(false);
    postButton().click();
    fixture.detectChanges();
    expect(postButton().disabled).toBe(true);
    expect(postButton().textContent?.trim()).toBe('Posting…');
    const posted = http.expectOne((r) => r.url === URL && r.method === 'POST');
    expect(posted.request.body).toEqual({ body: 'Please confirm the bore tolerance.' });
    const pending = comment({
      id: 'c-2',
      body: 'Please confirm the bore tolerance.',
      sync: { state: 'pending' },
    });
    posted.flush(pending);
    await settle();
    expect(entries().map((e) => e.querySelector('.sync')?.textContent?.trim())).toEqual([
      'Delivered to Jira',
      'Pending',
    ]);
    expect(page.querySelector('textarea')?.value).toBe('');

    // First re-read: still on its way; the second, after a longer wait, finds it delivered.
    await vi.advanceTimersByTimeAsync(SYNC_POLL_DELAYS_MS[0]);
    await answer([comment({ id: 'c-1' }), pending]);
    await vi.advanceTimersByTimeAsync(SYNC_POLL_DELAYS_MS[1] - 1);
    http.expectNone(URL);
    await vi.advanceTimersByTimeAsync(1);
    await answer([comment({ id: 'c-1' }), { ...pending, sync: { state: 'delivered' } }]);
    expect(entries()[1].querySelector('.sync')?.textContent?.trim()).toBe('Delivered to Jira');

    // Nothing is on its way any more: no further reads.
    await vi.advanceTimersByTimeAsync(60_000);
    http.expectNone(URL);
  });

  it('gives up re-reading after a bounded number of tries', async () => {
    vi.useFakeTimers();
    await render({ canComment: true });
    const pending = comment({ id: 'c-1', sync: { state: 'pending' } });
    await answer([pending]);
    for (const delay of SYNC_POLL_DELAYS_MS) {
      await vi.advanceTimersByTimeAsync(delay);
      await answer([pending]);
    }
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    http.expectNone(URL);
    expect(entries()[0].querySelector('.sync')?.textContent?.trim()).toBe('Pending');
  });

  it('says why a comment was refused, from the problem+json, and keeps the draft', async () => {
    await render({ canComment: true });
    await answer([]);
    type('   x');
    postButton().click();
    http
      .expectOne((r) => r.url === URL && r.method === 'POST')
      .flush(
        { status: 400, title: 'Bad Request', errors: [{ field: 'body', message: 'must not be blank' }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    const alert = page.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Your comment was not posted.');
    expect(alert?.textContent).toContain('body: must not be blank');
    expect(page.querySelector('textarea')?.value).toBe('   x');
    expect(postButton().disabled).toBe(false);
    // Sending disabled the field; keyboard users get it back to correct their words.
    expect(document.activeElement).toBe(page.querySelector('textarea'));
  });

  it('loads later pages on request', async () => {
    await render({ canComment: false });
    await answer([comment({ id: 'c-1' })], 'next-1');
    const more = page.querySelector<HTMLButtonElement>('button.more')!;
    expect(more.textContent?.trim()).toBe('Show later comments');
    more.click();
    await answer([comment({ id: 'c-2' })], null, 'next-1');
    expect(entries().map((e) => e.id)).toEqual(['comment-c-1', 'comment-c-2']);
    expect(page.querySelector('button.more')).toBeNull();
  });

  it('reads in Chinese when the language is zh-CN', async () => {
    await render({ canComment: false });
    TestBed.inject(TranslocoService).setActiveLang('zh-CN');
    await answer([comment({ id: 'c-1', sync: { state: 'pending' } })]);
    expect(page.querySelector('h2')?.textContent).toBe('评论');
    expect(entries()[0].querySelector('.sync')?.textContent?.trim()).toBe('发送中');
  });
});
