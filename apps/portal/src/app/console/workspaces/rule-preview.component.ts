import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { MENTION_ROLES, type RulePreview } from '../api/console-api.types';

/** `<at id=ou_…></at>` as "@name" for people, the way Feishu shows it in the group. */
export function larkMdAsText(content: string, names: Record<string, string>): string {
  return content.replace(/<at id=([^\s>]+)><\/at>/g, (_m, id: string) => `@${names[id] ?? id}`);
}

/** The messages a rule would send, as the rule editor previews them: Feishu card, DingTalk text, mentions. */
@Component({
  selector: 'app-rule-preview',
  imports: [TranslocoDirective],
  template: `
    @let p = preview();
    <section class="preview" *transloco="let t" [attr.aria-label]="t('console.notify.previewTitle')">
      <h3>{{ t('console.notify.previewTitle') }}</h3>
      @if (feishuLines(); as lines) {
        <div class="message" data-channel="feishu_chat">
          <p class="channel">{{ t('console.notify.channel.feishu_chat') }}</p>
          <p class="title">{{ p.title }}</p>
          @for (line of lines; track $index) {
            <p>{{ line }}</p>
          }
        </div>
      }
      @if (p.dingtalk; as ding) {
        <div class="message" data-channel="dingtalk">
          <p class="channel">{{ t('console.notify.channel.dingtalk') }}</p>
          <pre>{{ ding['text'] }}</pre>
        </div>
      }
      @if (p.mentions.length) {
        <ul class="mentions">
          @for (m of p.mentions; track $index) {
            <li>
              {{ t('console.notify.channel.' + m.channel) }}:
              {{ roles.includes(m.name) ? t('console.notify.targets.' + m.name) : m.name }} —
              @if (m.mentioned) {
                {{ t('console.notify.mentioned') }}
              } @else {
                {{ t('console.notify.notMentioned', { reason: t('console.notify.reasons.' + m.reason) }) }}
              }
            </li>
          }
        </ul>
      } @else {
        <p class="muted">{{ t('console.notify.noMentions') }}</p>
      }
    </section>
  `,
  styles: `
    .preview {
      border-left: 3px solid var(--mat-sys-primary);
      padding: 4px 12px;
      margin: 4px 0 8px;
      flex-basis: 100%;
    }
    .preview h3 {
      font-size: 1rem;
      margin: 4px 0;
    }
    .message {
      background: var(--mat-sys-surface-container);
      border-radius: 6px;
      padding: 6px 10px;
      margin-bottom: 6px;
    }
    .message p {
      margin: 2px 0;
    }
    .channel {
      font-size: 0.8rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .title {
      font-weight: 600;
    }
    pre {
      white-space: pre-wrap;
      margin: 0;
      font: inherit;
    }
    .mentions {
      margin: 4px 0;
      padding-left: 18px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RulePreviewComponent {
  readonly preview = input.required<RulePreview>();
  /** Targets named only by their role (an issue's assignee is known when the rule fires). */
  readonly roles: readonly string[] = MENTION_ROLES;

  /** The card's texts in order, mentions shown as "@name". */
  readonly feishuLines = computed(() => {
    const card = this.preview().feishuCard as
      { elements?: { text?: { tag?: string; content?: string } }[] } | undefined;
    if (!card) return null;
    const names: Record<string, string> = {};
    const ids = [...JSON.stringify(card).matchAll(/<at id=([^\s>]+)><\/at>/g)].map((m) => m[1]);
    const mentioned = this.preview().mentions.filter((m) => m.channel === 'feishu_chat' && m.mentioned);
    ids.forEach((id, i) => (names[id] = mentioned[i]?.name ?? id));
    return (card.elements ?? [])
      .map((e) => e.text?.content)
      .filter((c): c is string => !!c)
      .map((c) => larkMdAsText(c, names));
  });
}
