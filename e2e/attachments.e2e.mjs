import { readFile } from 'node:fs/promises';
import { workspaceFor } from './support/api.mjs';
import { expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';

const ACME = 'Acme Precision Parts';

/** Jira attachments a PM allowlisted, downloaded by the supplier through Portico. */
export default [
  {
    name: 'Ana downloads an allowlisted Jira attachment of the latest version from the item page',
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: ACME });
      // HW-2 of the demo project carries a drawing.
      const item = await pm.post(`/api/v1/workspaces/${workspace.id}/items`, {
        sourceType: 'jira_issue',
        sourceRef: 'HW-2',
        fields: ['summary', 'attachments'],
      });
      const version = await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'With the drawing' });
      const [file] = version.snapshot.fields.find((f) => f.name === 'attachments').value;
      if (!file) throw new Error('HW-2 has no attachment to share');

      await signIn(page, ANA);
      await page.goto(`/items/${item.id}`);
      const link = page.getByRole('button', { name: `Download ${file.filename}` });
      await expectVisible(link);
      await shot('item with an attachment');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      if (download.suggestedFilename() !== file.filename)
        throw new Error(`the download is named ${download.suggestedFilename()}, not ${file.filename}`);
      const bytes = await readFile(await download.path());
      if (bytes.length !== file.size)
        throw new Error(`downloaded ${bytes.length} bytes, the attachment has ${file.size}`);
    },
  },
];
