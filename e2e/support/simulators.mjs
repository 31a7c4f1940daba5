/** The built-in simulators that `npm start` embeds, driven through their HTTP control API (`/_sim`). */
import { readFile } from 'node:fs/promises';

/** A built-in simulator's address (`jira`, `feishu`, `kingdee`), as the server log announces it. */
async function simulatorUrl(name) {
  const log = await readFile(new URL('../../test-results/server.log', import.meta.url), 'utf8');
  const match = new RegExp(`${name}: built-in simulator at (http:\\/\\/[^\\s]+)`).exec(log);
  if (!match) throw new Error(`the server log names no ${name} simulator`);
  return match[1];
}

/** The Jira simulator's address. */
export function jiraSimulatorUrl() {
  return simulatorUrl('jira');
}

/** The purchase orders the Kingdee simulator holds now (its control API, `/_control`). */
export async function kingdeeOrders() {
  // The announced address is the WebAPI root (`…/k3cloud/`); the control API sits at the server's root.
  const response = await fetch(new URL('/_control/orders', await simulatorUrl('kingdee')));
  if (!response.ok) throw new Error(`Kingdee simulator GET /_control/orders answered ${response.status}`);
  return response.json();
}

/** Calls the Jira simulator's control API, e.g. `jiraSim('POST', 'issues/HW-7/transition', { to: 'Done' })`. */
export async function jiraSim(method, path, body) {
  return jiraSimAt(await jiraSimulatorUrl(), method, path, body);
}

/** The same, for a simulator whose address the caller found otherwise. */
export async function jiraSimAt(url, method, path, body) {
  const response = await fetch(`${url}/_sim/${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`simulator ${method} ${path} answered ${response.status}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** Attaches a file to a simulated Jira issue through Jira's own REST API, with the simulator's demo credentials (JIRA_SIMULATOR_DEMO in apps/api/src/embedded/embedded-services.ts). */
export async function addJiraAttachment(key, filename, bytes, mimeType = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: mimeType }), filename);
  const credentials = Buffer.from('portico-bot@portico.example:portico-demo-jira-api-token').toString(
    'base64',
  );
  const response = await fetch(`${await jiraSimulatorUrl()}/rest/api/3/issue/${key}/attachments`, {
    method: 'POST',
    headers: { authorization: `Basic ${credentials}`, 'x-atlassian-token': 'no-check' },
    body: form,
  });
  if (!response.ok) throw new Error(`Jira simulator attachment upload answered ${response.status}`);
  return response.json();
}

/** The built-in Feishu simulator's address, as the server log announces it. */
export async function feishuSimulatorUrl() {
  const log = await readFile(new URL('../../test-results/server.log', import.meta.url), 'utf8');
  const match = /feishu: built-in simulator at (http:\/\/[^\s]+)/.exec(log);
  if (!match) throw new Error('the server log names no Feishu simulator');
  return match[1];
}

/** The messages the Feishu simulator received in one chat (its control API). */
export async function feishuMessages(chatId) {
  const response = await fetch(`${await feishuSimulatorUrl()}/_control/messages`);
  if (!response.ok) throw new Error(`Feishu simulator answered ${response.status}`);
  return (await response.json()).filter((m) => m.chat_id === chatId);
}
