import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormArray, FormBuilder } from '@angular/forms';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import consoleEn from '../i18n/en.json';
import { NotificationRulesEditorComponent } from './notification-rules-editor.component';
import { larkMdAsText } from './rule-preview.component';
import { NotificationRow, notificationRow } from './workspace-form.model';

const WS = 'ws-1';
const RULE = {
  event: 'jira.status_entered' as const,
  channels: ['feishu_chat' as const],
  mention: ['assignee'],
};

describe('NotificationRulesEditorComponent', () => {
  let fixture: ComponentFixture<NotificationRulesEditorComponent>;
  let http: HttpTestingController;
  let rows: FormArray<NotificationRow>;
  /** The request once the component's promise chain has sent it. */
  const sent = async (url: string) => {
    for (let i = 0; i < 50; i++) {
      const [req] = http.match((r) => r.url === url);
      if (req) return req;
      await new Promise((r) => setTimeout(r, 0));
    }
    throw new Error(`no request to ${url}`);
  };
  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
  const button = (label: string) =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === label,
    )!;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [
        NotificationRulesEditorComponent,
        translocoTesting({ langs: { en: { ...en, console: consoleEn } } }),
      ],
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    const fb = new FormBuilder().nonNullable;
    rows = new FormArray<NotificationRow>([
      notificationRow(fb, { ...RULE, statuses: ['测试中', 'In Testing'] }),
    ]);
    fixture = TestBed.createComponent(NotificationRulesEditorComponent);
    fixture.componentRef.setInput('rows', rows);
    fixture.componentRef.setInput('workspaceId', WS);
    fixture.detectChanges();
    (await sent('/api/v1/organizations')).flush({
      items: [{ id: 'org-int', kind: 'internal', name: 'Portico' }],
      nextCursor: null,
    });
    (await sent('/api/v1/organizations/org-int/users')).flush({
      items: [{ id: 'u-li', displayName: '李伟', status: 'active' }],
      nextCursor: null,
    });
    (await sent(`/api/v1/workspaces/${WS}/notification-rules/status`)).flush({
      items: [
        {
          index: 0,
          channels: [
            {
              channel: 'feishu_chat',
              sentAt: '2026-12-01T08:00:00Z',
              mentioned: [],
              notMentioned: [
                { name: 'Pat PM', target: 'owner', reason: 'no_feishu_account', message: 'not mentioned: …' },
              ],
            },
          ],
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows on the rule why someone was not mentioned the last time it fired', () => {
    expect(text()).toContain('Pat PM: not mentioned: no Feishu account linked');
  });

  it('previews the rule as edited, showing mentions as @name and the reasons for the others', async () => {
    button('Preview').click();
    const req = await sent(`/api/v1/workspaces/${WS}/notification-rules/preview`);
    expect(req.request.body).toEqual({ rule: { ...RULE, statuses: ['测试中', 'In Testing'] } });
    req.flush({
      locale: 'zh-CN',
      title: 'Jira 状态：测试中',
      body: '“Acme”已进入 测试中。',
      feishuCard: {
        elements: [
          { tag: 'div', text: { tag: 'plain_text', content: '“Acme”已进入 测试中。' } },
          { tag: 'div', text: { tag: 'lark_md', content: '请关注：<at id=ou_li></at> Pat PM' } },
        ],
      },
      mentions: [
        { name: '李伟', target: 'user:u-li', channel: 'feishu_chat', mentioned: true },
        {
          name: 'Pat PM',
          target: 'owner',
          channel: 'feishu_chat',
          mentioned: false,
          reason: 'no_feishu_account',
        },
      ],
    });
    await fixture.whenStable();
    expect(text()).toContain('请关注：@李伟 Pat PM');
    expect(text()).toContain('Pat PM — not mentioned: no Feishu account linked');
  });

  it('sends a test and says when it must wait', async () => {
    button('Send test').click();
    (await sent(`/api/v1/workspaces/${WS}/notification-rules/test`)).flush({ queued: ['feishu_chat'] });
    await fixture.whenStable();
    expect(text()).toContain('Test message sent to: Feishu group');
    button('Send test').click();
    (await sent(`/api/v1/workspaces/${WS}/notification-rules/test`)).flush(
      { status: 429, title: 'Too Many Requests' },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await fixture.whenStable();
    expect(text()).toContain('A test was just sent; wait 30 seconds before the next one.');
  });

  it('adds the plan’s rules from templates', () => {
    fixture.componentInstance.addTemplate('unacknowledged');
    expect(rows.at(1).getRawValue()).toEqual({
      event: 'item.version_unacknowledged',
      channels: ['email', 'feishu_chat'],
      whenStatus: '',
      mention: ['owner'],
      afterDays: 3,
    });
  });
});

describe('larkMdAsText', () => {
  it('shows <at id> elements as @name, keeping unknown ids', () => {
    expect(larkMdAsText('请关注：<at id=ou_a></at> <at id=ou_b></at>', { ou_a: '李伟' })).toBe(
      '请关注：@李伟 @ou_b',
    );
  });
});
