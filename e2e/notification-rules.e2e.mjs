import { apiAs } from './support/api.mjs';
import { expectNoSeriousA11yViolations, expectVisible } from './support/expect.mjs';
import { PM, signIn } from './support/session.mjs';
import { feishuMessages } from './support/simulators.mjs';
import { eventually } from './support/wait.mjs';

/** The PM's rule editor: whom a rule @-mentions, the preview of its message, and a test send to the group. */
export default [
  {
    name: 'the PM previews a rule that @-mentions people and sends a test card to the Feishu group',
    async run({ page, baseUrl, shot }) {
      const pm = await apiAs(baseUrl, PM);
      const orgs = await pm.get('/api/v1/organizations?limit=100');
      const acme = orgs.items.find((o) => o.name === 'Acme Precision Parts');
      const chat = `oc_e2erules${Date.now().toString(36)}`;
      const name = `Rules ${Date.now().toString(36)}`;
      const workspace = await pm.post('/api/v1/workspaces', {
        name,
        supplierOrgId: acme.id,
        jiraProjectKey: 'HW',
        feishuChatId: chat,
        notificationRules: [
          { event: 'jira.status_entered', statuses: ['测试中', 'In Testing'], channels: ['feishu_chat'] },
        ],
      });

      await signIn(page, PM);
      await page.goto(`/console/workspaces/${workspace.id}`);
      const rule = page.getByRole('group', { name: 'Notification rule 1' });
      await expectVisible(rule);
      const statuses = await rule.getByLabel(/Only when the status becomes/).inputValue();
      if (statuses !== '测试中, In Testing') throw new Error(`the statuses read ${statuses}`);

      await rule.getByRole('combobox', { name: 'Mention in the group' }).click();
      await page.getByRole('option', { name: 'Workspace owner' }).click();
      await page.getByRole('option', { name: 'Jira assignee' }).click();
      await page.keyboard.press('Escape');

      await rule.getByRole('button', { name: 'Preview' }).click();
      const preview = rule.getByRole('region', { name: 'Message preview' });
      await expectVisible(preview.getByText('Jira status: 测试中'));
      // The owner has a Feishu account (signed in with Feishu): mentioned; the assignee is only known when it fires.
      await expectVisible(preview.getByText('Attention: @Pat Manager'));
      await expectVisible(preview.getByText(/Jira assignee —\s+not mentioned: the Jira issue names nobody/));
      await shot('rule preview');
      await expectNoSeriousA11yViolations(page);

      await rule.getByRole('button', { name: 'Send test' }).click();
      await expectVisible(rule.getByRole('status').filter({ hasText: 'Test message sent to: Feishu group' }));
      const card = await eventually('the test card in the Feishu group', async () =>
        (await feishuMessages(chat)).find((m) => m.content.includes('[Test] Jira status: 测试中')),
      );
      if (JSON.stringify(card.mentions) !== JSON.stringify(['ou_demo_pm_liwei']))
        throw new Error(`the test card mentions ${JSON.stringify(card.mentions)}`);
      if (!card.content.includes('<at id=ou_demo_pm_liwei></at>'))
        throw new Error(`the card reads ${card.content}`);

      await rule.getByRole('button', { name: 'Send test' }).click();
      await expectVisible(rule.getByRole('status').filter({ hasText: 'wait 30 seconds' }));
      await shot('test sent, then rate limited');
      await expectNoSeriousA11yViolations(page);
    },
  },
];
