import type { Transmittal } from '../../transmittals/transmittals.types';
import { addChoice, ContentChoice, fromTransmittal, toTransmittalInput } from './transmittal-form.model';

const item = (itemId: string, version: number): ContentChoice => ({
  kind: 'item_version',
  itemId,
  version,
  title: itemId,
});
const file = (fileId: string, revisionSeq: number): ContentChoice => ({
  kind: 'file_revision',
  fileId,
  revisionSeq,
  revisionLabel: null,
  title: fileId,
});

describe('addChoice', () => {
  it('adds new items and files in order, and replaces the version of one already picked', () => {
    let list = addChoice([], item('i1', 1));
    list = addChoice(list, file('f1', 2));
    list = addChoice(list, item('i1', 3));
    list = addChoice(list, file('i1', 1));
    expect(list).toEqual([item('i1', 3), file('f1', 2), file('i1', 1)]);
  });
});

describe('toTransmittalInput', () => {
  it('trims, leaves out empty optional fields and names the contents as the API does', () => {
    expect(
      toTransmittalInput(
        { subject: ' Pump ', purpose: 'for_review', message: '  ', dueDate: '', supersedesId: '' },
        [item('i1', 2), file('f1', 3)],
      ),
    ).toEqual({
      subject: 'Pump',
      purpose: 'for_review',
      contents: [
        { itemId: 'i1', version: 2 },
        { fileId: 'f1', revisionSeq: 3 },
      ],
    });
  });

  it('sends the message, due date and superseded transmittal when given', () => {
    expect(
      toTransmittalInput(
        {
          subject: 'S',
          purpose: 'for_approval',
          message: 'Rev C',
          dueDate: '2026-12-20',
          supersedesId: 't0',
        },
        [],
      ),
    ).toEqual({
      subject: 'S',
      purpose: 'for_approval',
      message: 'Rev C',
      dueDate: '2026-12-20',
      supersedesId: 't0',
      contents: [],
    });
  });
});

describe('fromTransmittal', () => {
  it('gives back the fields and contents of a saved draft', () => {
    const tr = {
      subject: 'S',
      purpose: 'for_review',
      message: null,
      dueDate: null,
      supersedes: { id: 't0', number: 'W-T-0001' },
      contents: [
        { id: 'c1', kind: 'item_version', itemId: 'i1', version: 2, title: 'Pump', path: '' },
        {
          id: 'c2',
          kind: 'file_revision',
          fileId: 'f1',
          revisionSeq: 1,
          revisionLabel: 'B',
          title: 'Drawing',
          path: '',
        },
      ],
    } as unknown as Transmittal;
    const { fields, choices } = fromTransmittal(tr);
    expect(fields).toEqual({
      subject: 'S',
      purpose: 'for_review',
      message: '',
      dueDate: '',
      supersedesId: 't0',
    });
    expect(choices).toEqual([
      { kind: 'item_version', itemId: 'i1', version: 2, title: 'Pump' },
      { kind: 'file_revision', fileId: 'f1', revisionSeq: 1, revisionLabel: 'B', title: 'Drawing' },
    ]);
  });
});
