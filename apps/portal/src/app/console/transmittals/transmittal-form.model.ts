import type {
  NewTransmittalContent,
  Transmittal,
  TransmittalInput,
  TransmittalPurpose,
} from '../../transmittals/transmittals.types';

/** One content picked for a draft: an item at a published version, or a file at one of its revisions. */
export type ContentChoice =
  | { kind: 'item_version'; itemId: string; version: number; title: string }
  | {
      kind: 'file_revision';
      fileId: string;
      revisionSeq: number;
      revisionLabel: string | null;
      title: string;
    };

export interface DraftFields {
  subject: string;
  purpose: TransmittalPurpose;
  message: string;
  dueDate: string;
  supersedesId: string;
}

const sameSource = (a: ContentChoice, b: ContentChoice) =>
  a.kind === 'item_version' && b.kind === 'item_version'
    ? a.itemId === b.itemId
    : a.kind === 'file_revision' && b.kind === 'file_revision' && a.fileId === b.fileId;

/**
 * Adds a content, or changes the version/revision of the same item or file already picked: a transmittal
 * issues one revision of each document.
 */
export function addChoice(list: ContentChoice[], choice: ContentChoice): ContentChoice[] {
  const at = list.findIndex((c) => sameSource(c, choice));
  if (at < 0) return [...list, choice];
  return list.map((c, i) => (i === at ? choice : c));
}

/** The create/update body: empty optional fields left out, contents as the API names them. */
export function toTransmittalInput(fields: DraftFields, choices: ContentChoice[]): TransmittalInput {
  const contents: NewTransmittalContent[] = choices.map((c) =>
    c.kind === 'item_version'
      ? { itemId: c.itemId, version: c.version }
      : { fileId: c.fileId, revisionSeq: c.revisionSeq },
  );
  const message = fields.message.trim();
  return {
    subject: fields.subject.trim(),
    purpose: fields.purpose,
    ...(message ? { message } : {}),
    ...(fields.dueDate ? { dueDate: fields.dueDate } : {}),
    ...(fields.supersedesId ? { supersedesId: fields.supersedesId } : {}),
    contents,
  };
}

/** A saved draft back into the form. */
export function fromTransmittal(tr: Transmittal): { fields: DraftFields; choices: ContentChoice[] } {
  return {
    fields: {
      subject: tr.subject,
      purpose: tr.purpose,
      message: tr.message ?? '',
      dueDate: tr.dueDate ?? '',
      supersedesId: tr.supersedes?.id ?? '',
    },
    choices: tr.contents.map((c) =>
      c.kind === 'item_version'
        ? { kind: 'item_version', itemId: c.itemId ?? '', version: c.version ?? 0, title: c.title }
        : {
            kind: 'file_revision',
            fileId: c.fileId ?? '',
            revisionSeq: c.revisionSeq ?? 0,
            revisionLabel: c.revisionLabel ?? null,
            title: c.title,
          },
    ),
  };
}
