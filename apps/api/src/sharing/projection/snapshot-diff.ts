import { diffWords } from 'diff';
import { htmlToText } from './html-text';
import { ItemSnapshot, SnapshotField } from './snapshot';

export interface TextChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface FieldChange {
  field: string;
  label: string;
  change: 'added' | 'removed' | 'changed';
  before: SnapshotField['value'] | null;
  after: SnapshotField['value'] | null;
  /** Word-level diff of the plain text, for rich text and long text fields. */
  textDiff?: TextChange[];
}

/** Field-level changes from `from` to `to`, in the order of `to`'s fields then removed ones. */
export function diffSnapshots(from: ItemSnapshot, to: ItemSnapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  const before = new Map(from.fields.map((f) => [f.name, f]));
  const after = new Map(to.fields.map((f) => [f.name, f]));
  const names = [...after.keys(), ...[...before.keys()].filter((n) => !after.has(n))];
  for (const name of names) {
    const a = before.get(name);
    const b = after.get(name);
    if (a && b && sameValue(a.value, b.value)) continue;
    const change: FieldChange = {
      field: name,
      label: (b ?? a)!.label,
      change: !a ? 'added' : !b ? 'removed' : 'changed',
      before: a?.value ?? null,
      after: b?.value ?? null,
    };
    const kind = (b ?? a)!.kind;
    if (kind === 'html' || kind === 'text') {
      const plain = (f?: SnapshotField) =>
        typeof f?.value === 'string' ? (kind === 'html' ? htmlToText(f.value) : f.value) : '';
      change.textDiff = diffWords(plain(a), plain(b)).map((c) => ({
        op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
        text: c.value,
      }));
    }
    changes.push(change);
  }
  if (from.status !== to.status && !names.includes('status')) {
    changes.push({
      field: 'status',
      label: 'Status',
      change: 'changed',
      before: from.status,
      after: to.status,
    });
  }
  return changes;
}

export function snapshotsEqual(a: ItemSnapshot, b: ItemSnapshot): boolean {
  return a.title === b.title && a.status === b.status && diffSnapshots(a, b).length === 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
