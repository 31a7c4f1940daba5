import type { AuthUser } from '@portico/auth';
import { TransmittalContent } from '../entities/transmittal-content.entity';
import { Transmittal } from '../entities/transmittal.entity';
import { mayRespond } from '../transmittal-read-models';
import { toTransmittalDto, TransmittalReadModel } from './transmittal-response.dto';

const transmittal = Object.assign(new Transmittal(), {
  id: 't1',
  workspaceId: 'w1',
  number: 'ACME-T-0001',
  subject: 'Housing',
  purpose: 'for_review',
  message: null,
  dueDate: '2026-12-20',
  status: 'issued',
  createdAt: new Date('2026-12-01T00:00:00Z'),
  createdBy: 'u-pm',
  issuedAt: new Date('2026-12-02T00:00:00Z'),
  issuedBy: 'u-pm',
  respondedAt: null,
  respondedBy: null,
  supersedesId: null,
  supersededById: null,
}) as Transmittal;

const content = Object.assign(new TransmittalContent(), {
  id: 'c1',
  transmittalId: 't1',
  position: 0,
  kind: 'item_version',
  itemId: 'i1',
  version: 3,
  fileId: null,
  revisionSeq: null,
  revisionLabel: null,
  fileName: null,
  title: 'Gearbox housing',
  jiraKey: 'HW-7',
}) as TransmittalContent;

const view = (internal: boolean): TransmittalReadModel => ({
  transmittal,
  purposeLabel: 'For review',
  people: new Map([
    ['u-pm', { id: 'u-pm', name: 'Pat', email: '', orgId: 'o', role: 'pm', status: 'active' }],
  ]),
  supersedes: null,
  supersededBy: null,
  contentCount: 1,
  contents: [Object.assign(content, { response: null })],
  internal,
});

describe('transmittal response mapping', () => {
  it('gives internal viewers the Jira key and never suppliers', () => {
    expect(toTransmittalDto(view(true)).contents[0].jiraKey).toBe('HW-7');
    const supplier = toTransmittalDto(view(false));
    expect(supplier.contents[0]).not.toHaveProperty('jiraKey');
    expect(JSON.stringify(supplier)).not.toContain('HW-7');
  });

  it('links each content to the exact revision and names people', () => {
    const dto = toTransmittalDto(view(true));
    expect(dto.contents[0].path).toBe('/items/i1/versions/3');
    expect(dto.createdBy).toEqual({ id: 'u-pm', name: 'Pat' });
    expect(dto.responseRequired).toBe(true);
    expect(dto.response).toBeNull();
  });
});

describe('mayRespond', () => {
  const supplier = (role: string) =>
    ({ id: 'u', orgId: 'o', orgKind: 'supplier', role }) as unknown as AuthUser;

  it('lets supplier admins and named members respond to an issued transmittal asking for a response', () => {
    expect(mayRespond(supplier('supplier_admin'), transmittal, false)).toBe(true);
    expect(mayRespond(supplier('supplier_member'), transmittal, false)).toBe(false);
    expect(mayRespond(supplier('supplier_member'), transmittal, true)).toBe(true);
  });

  it('lets nobody respond once answered, or when no response is asked for', () => {
    const answered = { ...transmittal, status: 'responded' } as Transmittal;
    const info = { ...transmittal, purpose: 'for_information' } as Transmittal;
    expect(mayRespond(supplier('supplier_admin'), answered, true)).toBe(false);
    expect(mayRespond(supplier('supplier_admin'), info, true)).toBe(false);
    expect(mayRespond({ ...supplier('pm'), orgKind: 'internal' } as AuthUser, transmittal, true)).toBe(false);
  });
});
