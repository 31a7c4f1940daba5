import { NotificationEvent } from '../notifications/notification-event';
import { channelsFor } from '../notifications/notification-rules';
import { renderNotification } from '../notifications/notification-templates';

const event = (name: NotificationEvent['event']): NotificationEvent => ({
  event: name,
  workspaceId: 'w',
  actorId: 'u',
  subject: { type: 'transmittal', id: 't' },
  title: 'ACME-T-0001 Housing',
  path: '/transmittals/t',
  excerpt: '2026-12-20',
});

describe('transmittal notifications', () => {
  it('go to the Feishu group on issue and response by default, and remind by e-mail and in-app', () => {
    expect(channelsFor([], event('transmittal.issued')).sort()).toEqual(['email', 'feishu_chat', 'in_app']);
    expect(channelsFor([], event('transmittal.responded')).sort()).toEqual([
      'email',
      'feishu_chat',
      'in_app',
    ]);
    expect(channelsFor([], event('transmittal.due_soon')).sort()).toEqual(['email', 'in_app']);
  });

  it('are rendered in both languages with the due date', () => {
    expect(renderNotification(event('transmittal.issued'), 'en', 'supplier')).toEqual({
      title: 'Transmittal issued: ACME-T-0001 Housing',
      body: 'Transmittal ACME-T-0001 Housing was issued to you (response due 2026-12-20). Open it to see its documents.',
    });
    expect(renderNotification(event('transmittal.due_soon'), 'zh-CN', 'supplier').body).toContain(
      '截止 2026-12-20',
    );
  });
});
