import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PureAbility } from '@casl/ability';
import { createAppAbility } from '../core/auth/ability';
import en from '../../i18n/en.json';
import zh from '../../i18n/zh-CN.json';
import { translocoTesting } from '../../testing/transloco-testing';
import { FilePage } from './file.page';
import { FileDetail, Revision } from './files.types';

const revision = (state: Revision['state'], label: string | null): Revision => ({
  id: 'rev-1',
  seq: 1,
  label,
  state,
  rejectionReason: null,
  contentWarnings: [],
  activeContent: false,
  fileName: 'bracket.pdf',
  size: 300 * 1024 * 1024,
  sha256: 'a'.repeat(64),
  contentType: 'application/pdf',
  uploadedBy: 'user-1',
  reviewState: 'submitted',
  reviewNote: null,
  reviewedAt: null,
  createdAt: '2026-12-07T07:00:00Z',
  completedAt: null,
});
const file = (rev: Revision): FileDetail => ({
  id: 'file-1',
  workspaceId: 'ws-1',
  documentNumber: 'D-102',
  title: 'Bracket',
  linkedItemId: null,
  currentRevision: rev.state === 'available' ? 1 : null,
  createdAt: '2026-12-07T07:00:00Z',
  revisions: [rev],
});

describe('FilePage', () => {
  let fixture: ComponentFixture<FilePage>;
  let http: HttpTestingController;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    const ability = createAppAbility();
    ability.update([{ action: 'read', subject: 'File' }]);
    await TestBed.configureTestingModule({
      imports: [FilePage, translocoTesting({ langs: { en, 'zh-CN': zh } })],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: PureAbility, useValue: ability },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(FilePage);
    fixture.componentRef.setInput('id', 'file-1');
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    fixture.destroy();
    http.verify();
  });

  it('shows a revision being verified and looks again until it is available, without a reload', async () => {
    fixture.detectChanges();
    http.expectOne('/api/v1/files/file-1').flush(file(revision('verifying', null)));
    await settle();
    // The workspace's download policy is not what this test is about: unknown, as when it fails to load.
    http.expectOne('/api/v1/workspaces/ws-1/download-policy').flush(null, { status: 500, statusText: 'x' });
    await settle();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.textContent).toContain('Verifying…');
    expect(root.textContent).toContain('the whole file is being checked');
    expect(root.textContent).not.toContain('Download');

    await new Promise((resolve) => setTimeout(resolve, 2100));
    http.expectOne('/api/v1/files/file-1').flush(file(revision('available', 'A')));
    await settle();
    http.expectOne('/api/v1/workspaces/ws-1/download-policy').flush(null, { status: 500, statusText: 'x' });
    await settle();
    expect(root.textContent).not.toContain('Verifying…');
    expect(root.textContent).toContain('Current');
    expect(root.textContent).toContain('Download');
    // Available: no more polling.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    http.expectNone('/api/v1/files/file-1');
  });
});
