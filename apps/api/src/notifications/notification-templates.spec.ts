import type { NotificationEvent } from '../notification-events';
import { renderNotification } from './notification-templates';

const statusChange: NotificationEvent = {
  event: 'defect.status_changed',
  workspaceId: 'w',
  actorId: null,
  subject: { type: 'defect', id: 'd' },
  title: 'Hole pattern off',
  path: '/defects/d',
  status: 'Being fixed',
  externalStatus: 'In Testing',
};

describe('notification templates', () => {
  it('renders in the reader’s locale', () => {
    expect(renderNotification(statusChange, 'en', 'supplier').title).toBe('Defect status: Being fixed');
    expect(renderNotification(statusChange, 'zh-CN', 'supplier').title).toBe('缺陷状态：Being fixed');
  });

  it('falls back to English for unknown locales', () => {
    expect(renderNotification(statusChange, 'fr', 'supplier').title).toBe('Defect status: Being fixed');
  });

  it('never shows the internal Jira status to supplier readers', () => {
    expect(renderNotification(statusChange, 'en', 'supplier').body).not.toContain('In Testing');
    expect(renderNotification(statusChange, 'zh-CN', 'supplier').body).not.toContain('In Testing');
    expect(renderNotification(statusChange, 'en', 'internal').body).toContain('Jira: In Testing');
  });

  it('has a template for every event in both languages', () => {
    const events: NotificationEvent['event'][] = [
      'defect.created',
      'defect.status_changed',
      'file.revision_available',
      'file.revision_reviewed',
      'item.version_published',
      'comment.created',
      'jira.status_entered',
    ];
    for (const locale of ['en', 'zh-CN'])
      for (const name of events)
        expect(renderNotification({ ...statusChange, event: name }, locale, 'internal').title).toBeTruthy();
  });

  it('names a review verdict in words of the reader’s language', () => {
    const reviewed: NotificationEvent = {
      ...statusChange,
      event: 'file.revision_reviewed',
      title: 'D-102 rev B',
      status: 'changes_requested',
    };
    expect(renderNotification(reviewed, 'en', 'supplier').body).toBe(
      'D-102 rev B was reviewed: changes requested.',
    );
    expect(renderNotification(reviewed, 'zh-CN', 'supplier').body).toBe('D-102 rev B 已评审：需要修改。');
  });
});
