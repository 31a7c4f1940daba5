import type { AdfDocument } from '../../adf/adf.types';
import { textToAdf } from '../../adf/text-to-adf';

export interface SimUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
}

export interface SimComment {
  id: string;
  author: SimUser;
  body: AdfDocument;
  created: string;
  updated: string;
  visibility?: { type: 'group' | 'role'; value: string };
  properties: Record<string, unknown>;
}

export interface SimAttachment {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  created: string;
  author: SimUser;
  /** base64, so the state survives a JSON round trip to the data file. */
  content: string;
}

export interface SimRemoteLink {
  id: number;
  globalId?: string;
  relationship?: string;
  application?: unknown;
  object: { url: string; title: string; summary?: string; status?: { resolved?: boolean } };
}

export interface SimIssue {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  statusId: string;
  priorityId: string;
  summary: string;
  description: AdfDocument | null;
  labels: string[];
  reporter: SimUser;
  assignee: SimUser | null;
  created: string;
  updated: string;
  /** Jira's system due date (`duedate`, yyyy-MM-dd); optional so data files written before it still load. */
  duedate?: string | null;
  /** customfield_* values as Jira returns them. */
  custom: Record<string, unknown>;
  comments: SimComment[];
  attachments: SimAttachment[];
  properties: Record<string, unknown>;
  remoteLinks: SimRemoteLink[];
}

export interface SimState {
  nextIssueId: number;
  nextNumber: Record<string, number>;
  nextCommentId: number;
  nextAttachmentId: number;
  nextRemoteLinkId: number;
  issues: SimIssue[];
}

export const PROJECTS = [{ id: '10000', key: 'HW', name: 'Hardware launch' }];

export const ISSUE_TYPES = [
  { id: '10001', name: 'Task', subtask: false },
  { id: '10002', name: 'Story', subtask: false },
  { id: '10004', name: 'Bug', subtask: false },
];

export const STATUSES = [
  { id: '10000', name: 'To Do', category: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } },
  {
    id: '3',
    name: 'In Progress',
    category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  },
  {
    id: '10001',
    name: 'In Testing',
    category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  },
  { id: '10002', name: 'Done', category: { id: 3, key: 'done', name: 'Done', colorName: 'green' } },
  // A status named in Chinese, as teams working in Chinese name theirs (Jira returns names as entered).
  {
    id: '10003',
    name: '测试中',
    category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  },
];

/** One global transition into each status, as a simple company-managed workflow has. */
export const TRANSITIONS = [
  { id: '11', name: 'To Do', toStatusId: '10000' },
  { id: '21', name: 'Start work', toStatusId: '3' },
  { id: '31', name: 'Ready for testing', toStatusId: '10001' },
  { id: '41', name: 'Done', toStatusId: '10002' },
  { id: '51', name: '提交测试', toStatusId: '10003' },
];

export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

export const CUSTOM_FIELDS = {
  supplierDueDate: {
    id: 'customfield_10050',
    name: 'Supplier due date',
    schema: {
      type: 'date',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker',
      customId: 10050,
    },
  },
  partNumber: {
    id: 'customfield_10051',
    name: 'Part number',
    schema: {
      type: 'string',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
      customId: 10051,
    },
  },
};

export const PEOPLE: SimUser[] = [
  { accountId: '5f1a7c2e9d0b4a0069a1b001', displayName: 'Li Wei 李伟', emailAddress: 'li.wei@example.com' },
  {
    accountId: '5f1a7c2e9d0b4a0069a1b002',
    displayName: 'Anna Schmidt',
    emailAddress: 'anna.schmidt@example.com',
  },
  {
    accountId: '5f1a7c2e9d0b4a0069a1b003',
    displayName: 'Zhang Min 张敏',
    emailAddress: 'zhang.min@example.com',
  },
  {
    accountId: '5f1a7c2e9d0b4a0069a1b004',
    displayName: 'Tom Becker',
    emailAddress: 'tom.becker@example.com',
  },
];

type SeedRow = [
  type: 'Task' | 'Story' | 'Bug',
  summary: string,
  status: string,
  priority: string,
  labels: string[],
  part: string,
];

const ROWS: SeedRow[] = [
  ['Story', 'Main PCB rev B layout freeze', 'In Progress', 'High', ['pcb', 'supplier'], 'PCB-1001-B'],
  ['Task', '外壳注塑模具 T1 试模', 'To Do', 'High', ['enclosure', 'supplier'], 'ENC-2001'],
  [
    'Bug',
    'Battery connector J4 pin 3 cold solder joints',
    'In Testing',
    'Highest',
    ['pcb', 'quality'],
    'CON-0404',
  ],
  ['Task', 'Order 500 pcs of the M2.5 standoffs', 'Done', 'Low', ['mechanical'], 'MEC-0025'],
  [
    'Story',
    'EMC pre-compliance test at the supplier lab',
    'To Do',
    'Medium',
    ['emc', 'supplier'],
    'TST-0100',
  ],
  ['Bug', '显示屏背光在低温下闪烁', 'In Progress', 'High', ['display', 'quality'], 'DSP-0700'],
  ['Task', 'Approve the antenna matching network values', 'In Testing', 'Medium', ['rf'], 'RF-0012'],
  ['Task', '包装跌落测试 1.2 m', 'To Do', 'Medium', ['packaging', 'supplier'], 'PKG-0300'],
  ['Story', 'Firmware: bootloader signature check', 'In Progress', 'High', ['firmware'], 'FW-0001'],
  [
    'Bug',
    'Hole pattern of the rear cover off by 2 mm (drawing D-102 rev C)',
    'To Do',
    'Highest',
    ['enclosure', 'drawing'],
    'ENC-2102-C',
  ],
  ['Task', 'Second source for the 3.3 V LDO', 'In Progress', 'Medium', ['sourcing', 'supplier'], 'PWR-0330'],
  ['Task', '电源适配器 CCC 认证资料准备', 'To Do', 'High', ['certification'], 'PWR-0900'],
  ['Story', 'Thermal simulation of the sealed enclosure', 'Done', 'Medium', ['thermal'], 'THM-0001'],
  [
    'Bug',
    'Keypad silicone rubber colour mismatch (Pantone 432C)',
    'In Testing',
    'Low',
    ['enclosure', 'quality'],
    'KEY-0432',
  ],
  ['Task', 'Update the BOM with alternate crystal 32.768 kHz', 'Done', 'Low', ['bom'], 'XTL-3276'],
  ['Task', '主板 SMT 首件确认', 'In Progress', 'Highest', ['pcb', 'supplier'], 'PCB-1001-B'],
  ['Story', 'Pilot run of 200 units', 'To Do', 'High', ['pilot', 'supplier'], 'ASM-0200'],
  [
    'Bug',
    'USB-C port fails the 10 000 cycle insertion test',
    'To Do',
    'High',
    ['connector', 'quality'],
    'CON-0121',
  ],
  ['Task', 'Label artwork: regulatory marks', 'In Testing', 'Medium', ['packaging'], 'LBL-0001'],
  ['Task', '螺丝扭力规范确认', 'Done', 'Low', ['mechanical', 'supplier'], 'MEC-0100'],
  ['Story', 'Drop test of the assembled unit from 1.5 m', 'To Do', 'Medium', ['quality'], 'TST-0150'],
  ['Bug', 'Speaker buzz above 85 dB', 'In Progress', 'Medium', ['audio'], 'SPK-0085'],
  ['Task', 'Supplier quality agreement signed', 'Done', 'High', ['supplier'], 'SQA-2026'],
  ['Task', '镜片防刮涂层供应商评估', 'To Do', 'Medium', ['optics', 'supplier'], 'OPT-0033'],
  ['Story', 'Golden sample sign-off', 'To Do', 'Highest', ['pilot'], 'ASM-0001'],
  [
    'Bug',
    'Gasket compression set too high after 85 °C / 85 % RH',
    'In Testing',
    'High',
    ['enclosure', 'quality'],
    'GSK-0085',
  ],
  ['Task', 'Tooling invoice T1 review', 'Done', 'Lowest', ['finance'], 'ENC-2001'],
  ['Task', '产线治具验收', 'In Progress', 'Medium', ['manufacturing', 'supplier'], 'FIX-0010'],
  ['Story', 'Cost-down proposal for the aluminium frame', 'To Do', 'Low', ['cost', 'supplier'], 'FRM-0500'],
  ['Bug', 'Screen protector bubbles at the notch', 'To Do', 'Medium', ['display'], 'DSP-0710'],
];

function description(summary: string, part: string, index: number): AdfDocument {
  const chinese = /[\u4e00-\u9fff]/.test(summary);
  const doc = textToAdf(
    chinese
      ? `背景：${summary}。\n负责人请在供应商截止日期前反馈。\n\n零件号 ${part}，参见图纸与测试报告。`
      : `Context: ${summary}.\nPlease report back before the supplier due date.\n\nPart number ${part}; see the drawing and the test report.`,
  );
  doc.content.push(
    {
      type: 'heading',
      attrs: { level: 3 },
      content: [{ type: 'text', text: chinese ? '验收标准' : 'Acceptance criteria' }],
    },
    {
      type: 'bulletList',
      content: (chinese
        ? ['尺寸符合图纸公差', '外观无划伤', '提供测试记录']
        : ['Dimensions within drawing tolerance', 'No cosmetic defects', 'Test record attached']
      ).map((text) => ({
        type: 'listItem',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      })),
    },
  );
  if (index % 3 === 0)
    doc.content.push({
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: ['Parameter', 'Target'].map((text) => ({
            type: 'tableHeader',
            content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
          })),
        },
        {
          type: 'tableRow',
          content: ['Tolerance', '± 0.05 mm'].map((text) => ({
            type: 'tableCell',
            content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
          })),
        },
      ],
    });
  if (index % 4 === 1)
    doc.content.push({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'cc ' },
        {
          type: 'mention',
          attrs: {
            id: PEOPLE[index % PEOPLE.length].accountId,
            text: `@${PEOPLE[index % PEOPLE.length].displayName}`,
          },
        },
        { type: 'text', text: ' — spec: ' },
        {
          type: 'text',
          text: 'internal wiki',
          marks: [{ type: 'link', attrs: { href: 'https://wiki.example.com/hw/spec' } }],
        },
      ],
    });
  if (index % 5 === 2)
    doc.content.push({
      type: 'codeBlock',
      attrs: { language: 'text' },
      content: [{ type: 'text', text: 'ERR 0x2F at step 14\nretry 3/3 failed' }],
    });
  return doc;
}

/** Demo project HW "Hardware launch": 30 issues with ADF descriptions, custom fields, comments and attachments. */
export function seedState(baseTime = Date.UTC(2026, 9, 1, 8, 0)): SimState {
  const issues: SimIssue[] = ROWS.map(([type, summary, status, priority, labels, part], index) => {
    const created = new Date(baseTime + index * 7 * 3_600_000);
    const updated = new Date(created.getTime() + ((index * 13) % 40) * 3_600_000);
    const due = new Date(baseTime + (20 + index) * 86_400_000).toISOString().slice(0, 10);
    // Every third issue has no due date, as in a real backlog.
    const duedate =
      index % 3 === 2 ? null : new Date(baseTime + (14 + index) * 86_400_000).toISOString().slice(0, 10);
    const author = PEOPLE[(index + 1) % PEOPLE.length];
    const comments: SimComment[] =
      index % 2 === 0
        ? [
            {
              id: String(10100 + index * 2),
              author,
              body: textToAdf(
                /[\u4e00-\u9fff]/.test(summary)
                  ? '供应商已确认，本周五前提供样品。'
                  : 'Supplier confirmed; samples by Friday.',
              ),
              created: updated.toISOString(),
              updated: updated.toISOString(),
              properties: {},
            },
            ...(index % 6 === 0
              ? [
                  {
                    id: String(10101 + index * 2),
                    author: PEOPLE[0],
                    body: textToAdf('Internal: price negotiation still open, do not share.'),
                    created: updated.toISOString(),
                    updated: updated.toISOString(),
                    visibility: { type: 'role' as const, value: 'Administrators' },
                    properties: {},
                  },
                ]
              : []),
          ]
        : [];
    const attachments: SimAttachment[] =
      index % 3 === 1
        ? [
            {
              id: String(10500 + index),
              filename: `${part}-drawing.txt`,
              mimeType: 'text/plain',
              size: Buffer.byteLength(`Drawing ${part}\n`),
              created: created.toISOString(),
              author,
              content: Buffer.from(`Drawing ${part}\n`).toString('base64'),
            },
          ]
        : [];
    return {
      id: String(10001 + index),
      key: `HW-${index + 1}`,
      projectKey: 'HW',
      issueTypeId: ISSUE_TYPES.find((t) => t.name === type)!.id,
      statusId: STATUSES.find((s) => s.name === status)!.id,
      priorityId: PRIORITIES.find((p) => p.name === priority)!.id,
      summary,
      description: description(summary, part, index),
      labels,
      reporter: PEOPLE[index % PEOPLE.length],
      assignee: index % 5 === 4 ? null : PEOPLE[(index + 2) % PEOPLE.length],
      created: created.toISOString(),
      updated: updated.toISOString(),
      duedate,
      custom: { [CUSTOM_FIELDS.supplierDueDate.id]: due, [CUSTOM_FIELDS.partNumber.id]: part },
      comments,
      attachments,
      properties: {},
      remoteLinks: [],
    };
  });
  return {
    nextIssueId: 10001 + issues.length,
    nextNumber: { HW: issues.length + 1 },
    nextCommentId: 20000,
    nextAttachmentId: 20000,
    nextRemoteLinkId: 10000,
    issues,
  };
}

export function emptyState(): SimState {
  return {
    nextIssueId: 10001,
    nextNumber: { HW: 1 },
    nextCommentId: 20000,
    nextAttachmentId: 20000,
    nextRemoteLinkId: 10000,
    issues: [],
  };
}
