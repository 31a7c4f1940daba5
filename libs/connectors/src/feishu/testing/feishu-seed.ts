import { createHash } from 'node:crypto';
import type { FeishuBlock, TextElement, TextElementStyle } from '../docx-blocks';
import { BlockType } from '../docx-blocks';

/** A compact way to write document content for the simulator; turned into real docx blocks. */
export type SeedInline = string | { text: string; style?: TextElementStyle };
export type SeedNode =
  | { h: 1 | 2 | 3; text: string }
  | { p: SeedInline[] | string }
  | { bullets: string[] }
  | { ordered: string[] }
  | { todo: { text: string; done?: boolean }[] }
  | { code: string }
  | { quote: string }
  | { callout: string }
  | { table: string[][]; header?: boolean }
  | { image: { width: number; height: number } }
  | { divider: true };

export interface SeedDocument {
  documentId: string;
  title: string;
  /** Oldest first; every entry is the full content of one revision. */
  revisions: SeedNode[][];
}

export interface SeedFolder {
  folderToken: string;
  name: string;
  documents: SeedDocument[];
}

function blockId(documentId: string, path: string): string {
  // Deterministic ids so persisted demo data and seeds agree across restarts.
  return 'doxcn' + createHash('sha1').update(`${documentId}/${path}`).digest('base64url').slice(0, 22);
}

function elements(inlines: SeedInline[] | string): { elements: TextElement[] } {
  const list = typeof inlines === 'string' ? [inlines] : inlines;
  return {
    elements: list.map((inline) =>
      typeof inline === 'string'
        ? { text_run: { content: inline, text_element_style: {} } }
        : { text_run: { content: inline.text, text_element_style: inline.style ?? {} } },
    ),
  };
}

/** Builds the block list (root page first, then document order) for one revision. */
export function buildBlocks(documentId: string, title: string, nodes: SeedNode[]): FeishuBlock[] {
  const root: FeishuBlock = {
    block_id: documentId,
    block_type: BlockType.Page,
    page: elements(title),
    children: [],
  };
  const out: FeishuBlock[] = [root];
  const add = (parent: FeishuBlock, block: Omit<FeishuBlock, 'parent_id'>): FeishuBlock => {
    const full = { ...block, parent_id: parent.block_id } as FeishuBlock;
    parent.children!.push(full.block_id);
    out.push(full);
    return full;
  };
  nodes.forEach((node, i) => {
    const id = (suffix = '') => blockId(documentId, `${i}${suffix}`);
    if ('h' in node) {
      add(root, {
        block_id: id(),
        block_type: BlockType.Heading1 + node.h - 1,
        [`heading${node.h}`]: elements(node.text),
      });
    } else if ('p' in node) {
      add(root, { block_id: id(), block_type: BlockType.Text, text: elements(node.p) });
    } else if ('bullets' in node || 'ordered' in node) {
      const ordered = 'ordered' in node;
      const items = ordered ? node.ordered : node.bullets;
      items.forEach((text, j) =>
        add(root, {
          block_id: id(`.${j}`),
          block_type: ordered ? BlockType.Ordered : BlockType.Bullet,
          [ordered ? 'ordered' : 'bullet']: elements(text),
          children: [],
        }),
      );
    } else if ('todo' in node) {
      node.todo.forEach((item, j) =>
        add(root, {
          block_id: id(`.${j}`),
          block_type: BlockType.Todo,
          todo: { ...elements(item.text), style: { done: item.done === true } },
          children: [],
        }),
      );
    } else if ('code' in node) {
      add(root, {
        block_id: id(),
        block_type: BlockType.Code,
        code: { ...elements(node.code), style: { language: 1 } },
      });
    } else if ('quote' in node) {
      add(root, { block_id: id(), block_type: BlockType.Quote, quote: elements(node.quote) });
    } else if ('callout' in node) {
      const callout = add(root, {
        block_id: id(),
        block_type: BlockType.Callout,
        callout: { emoji_id: 'bulb' },
        children: [],
      });
      add(callout, { block_id: id('.text'), block_type: BlockType.Text, text: elements(node.callout) });
    } else if ('table' in node) {
      const rows = node.table;
      const columns = Math.max(...rows.map((r) => r.length));
      const table = add(root, {
        block_id: id(),
        block_type: BlockType.Table,
        table: {
          cells: [],
          property: { row_size: rows.length, column_size: columns, header_row: node.header === true },
        },
        children: [],
      });
      rows.forEach((row, r) =>
        Array.from({ length: columns }, (_, c) => row[c] ?? '').forEach((text, c) => {
          const cell = add(table, {
            block_id: id(`.${r}.${c}`),
            block_type: BlockType.TableCell,
            table_cell: {},
            children: [],
          });
          table.table!.cells!.push(cell.block_id);
          add(cell, { block_id: id(`.${r}.${c}.t`), block_type: BlockType.Text, text: elements(text) });
        }),
      );
    } else if ('image' in node) {
      add(root, {
        block_id: id(),
        block_type: BlockType.Image,
        image: { token: `boxcn${blockId(documentId, `${i}img`).slice(5)}`, ...node.image },
      });
    } else {
      add(root, { block_id: id(), block_type: BlockType.Divider, divider: {} });
    }
  });
  return out;
}

const SPEC_EN: SeedNode[] = [
  { h: 1, text: 'Scope' },
  {
    p: [
      'This specification covers the ',
      { text: 'BP-48V battery pack', style: { bold: true } },
      ' for the launch hardware. See the ',
      {
        text: 'cell datasheet',
        style: { link: { url: encodeURIComponent('https://example.com/cells/21700.pdf') } },
      },
      '.',
    ],
  },
  { h: 2, text: 'Electrical requirements' },
  { bullets: ['Nominal voltage 48 V', 'Capacity ≥ 20 Ah at 0.2 C', 'Continuous discharge 40 A'] },
  {
    table: [
      ['Parameter', 'Min', 'Max'],
      ['Cell temperature (°C)', '-20', '60'],
      ['Charge current (A)', '0', '10'],
    ],
    header: true,
  },
  { callout: 'Safety: the BMS must cut off within 5 ms of a short circuit.' },
  { h: 2, text: 'CAN protocol' },
  { code: 'ID 0x18FF50E5  SOC (0.4 %/bit)\nID 0x18FF51E5  pack voltage (0.1 V/bit)' },
];

const SPEC_ZH: SeedNode[] = [
  { h: 1, text: '范围' },
  { p: ['本规格书适用于电机控制器 ', { text: 'MC-300', style: { bold: true } }, ' 的外壳与散热结构。'] },
  { h: 2, text: '机械要求' },
  { ordered: ['外壳材料：ADC12 压铸铝', '防护等级：IP67', '安装孔位公差 ±0.1 mm'] },
  {
    table: [
      ['项目', '要求'],
      ['表面处理', '喷砂 + 阳极氧化'],
      ['重量', '≤ 2.4 kg'],
    ],
    header: true,
  },
  { quote: '注意：散热片尺寸以图纸 D-102 C 版为准。' },
];

const TEST_PLAN: SeedNode[] = [
  { h: 1, text: 'EVT test plan' },
  { p: 'Tests the supplier runs before shipping EVT samples. Results go into Portico as file revisions.' },
  { h: 2, text: 'Test cases' },
  {
    table: [
      ['ID', 'Test', 'Samples', 'Pass criterion'],
      ['T-01', 'Vibration (IEC 60068-2-64)', '3', 'No loose fasteners'],
      ['T-02', 'Thermal cycling -40/85 °C', '3', '≥ 100 cycles'],
      ['T-03', 'Ingress IP67', '2', 'No water inside'],
    ],
    header: true,
  },
  { h: 2, text: 'Checklist' },
  {
    todo: [
      { text: 'Fixtures ready', done: true },
      { text: 'Samples labelled' },
      { text: 'Report template agreed' },
    ],
  },
];

const NOTES_EN: SeedNode[] = [
  { h: 1, text: 'Attendees' },
  { bullets: ['Li Wei (PM)', 'Anna Schmidt (ACME Castings)', 'Zhang Min (quality)'] },
  { h: 1, text: 'Decisions' },
  { ordered: ['Drawing D-102 moves to revision C', 'EVT samples due 2026-12-15'] },
  { h: 1, text: 'Actions' },
  {
    todo: [
      { text: 'ACME: confirm tooling lead time' },
      { text: 'Li Wei: share updated test plan', done: true },
    ],
  },
];

const NOTES_ZH: SeedNode[] = [
  { h: 1, text: '会议纪要' },
  { p: '参会：李伟、王芳（供应商）、张敏（质量）' },
  { h: 2, text: '讨论' },
  { bullets: ['样件交期确认为 12 月 15 日', '散热片改为 2.0 mm 厚度'] },
  { image: { width: 1280, height: 720 } },
  { divider: true },
  { quote: '下次会议：11 月 27 日 10:00' },
];

function revisionsOf(base: SeedNode[], extra: SeedNode[]): SeedNode[][] {
  // Three revisions: an early draft, the base content, and the base with follow-up edits.
  return [base.slice(0, Math.max(2, Math.ceil(base.length / 2))), base, [...base, ...extra]];
}

/** The demo folder: specs, a test plan and meeting notes, in English and Chinese, with history. */
export function defaultFeishuSeed(): SeedFolder {
  return {
    folderToken: 'fldcnPorticoSupplierShare01',
    name: 'Portico supplier share',
    documents: [
      {
        documentId: 'doxcnBatteryPackSpecEn00001',
        title: 'BP-48V battery pack specification',
        revisions: revisionsOf(SPEC_EN, [{ p: 'Revision note: capacity raised from 18 Ah to 20 Ah.' }]),
      },
      {
        documentId: 'doxcnMotorHousingSpecZh0001',
        title: 'MC-300 电机控制器外壳技术规格书',
        revisions: revisionsOf(SPEC_ZH, [{ p: '变更说明：防护等级由 IP65 提升至 IP67。' }]),
      },
      {
        documentId: 'doxcnEvtTestPlan0000000001',
        title: 'EVT test plan',
        revisions: revisionsOf(TEST_PLAN, [{ p: 'T-03 added after the 2026-11-18 review.' }]),
      },
      {
        documentId: 'doxcnSupplierSyncNotes1118',
        title: 'Weekly supplier sync — 2026-11-18',
        revisions: revisionsOf(NOTES_EN, [{ p: 'Follow-up: tooling lead time confirmed as 6 weeks.' }]),
      },
      {
        documentId: 'doxcnSupplierSyncNotesZh1120',
        title: '供应商周会纪要 2026-11-20',
        revisions: revisionsOf(NOTES_ZH, [{ p: '补充：王芳确认模具修改已完成。' }]),
      },
    ],
  };
}

export interface SeedUser {
  openId: string;
  unionId: string;
  name: string;
  enName: string;
  email: string;
}

export const DEFAULT_TENANT_KEY = '1a2b3c4d5e6f7a8b';

export function defaultFeishuUsers(): SeedUser[] {
  return [
    {
      openId: 'ou_demo_pm_liwei',
      unionId: 'on_demo_liwei',
      name: '李伟',
      enName: 'Li Wei',
      email: 'li.wei@portico.example',
    },
    {
      openId: 'ou_demo_admin_zhangmin',
      unionId: 'on_demo_zhangmin',
      name: '张敏',
      enName: 'Zhang Min',
      email: 'zhang.min@portico.example',
    },
  ];
}
