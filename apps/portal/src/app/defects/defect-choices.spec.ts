import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FilesApi } from '../files/files-api.service';
import { PortalFile } from '../files/files.types';
import { SharingApi } from '../items/sharing-api.service';
import { SharedItem } from '../items/sharing.types';
import { DefectChoices } from './defect-choices';

const item = (id: string, title: string): SharedItem => ({
  id,
  workspaceId: 'ws-1',
  type: 'jira_issue',
  title,
  status: null,
  latestVersion: 1,
  lastPublishedAt: null,
  dueDate: null,
  priority: null,
  overdue: false,
  lastSeenVersion: 1,
  unseenChanges: 0,
});

const file = (id: string, currentRevision: number | null): PortalFile => ({
  id,
  workspaceId: 'ws-1',
  documentNumber: `DOC-${id}`,
  title: id,
  linkedItemId: null,
  currentRevision,
  createdAt: '2026-01-01T00:00:00Z',
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const itemsUrl = '/api/v1/workspaces/ws-1/items';
const filesUrl = '/api/v1/workspaces/ws-1/files';

describe('DefectChoices', () => {
  let http: HttpTestingController;
  let choices: DefectChoices;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    choices = new DefectChoices(TestBed.inject(SharingApi), TestBed.inject(FilesApi), () => 'ws-1', 20);
  });

  afterEach(() => {
    choices.destroy();
    http.verify();
  });

  it('offers the items and files beyond the first page', async () => {
    const loaded = choices.load();
    http
      .expectOne((r) => r.url === itemsUrl && !r.params.has('cursor'))
      .flush({
        items: [item('i1', 'Bracket')],
        nextCursor: 'c1',
      });
    http
      .expectOne((r) => r.url === filesUrl && !r.params.has('cursor'))
      .flush({
        items: [file('f1', 1), file('f2', null)],
        nextCursor: 'c2',
      });
    await loaded;
    // A file without content has no revision to point at.
    expect(choices.files.items().map((f) => f.id)).toEqual(['f1']);

    const moreItems = choices.items.more();
    http
      .expectOne((r) => r.url === itemsUrl && r.params.get('cursor') === 'c1')
      .flush({
        items: [item('i2', 'Hinge')],
        nextCursor: null,
      });
    const moreFiles = choices.files.more();
    http
      .expectOne((r) => r.url === filesUrl && r.params.get('cursor') === 'c2')
      .flush({
        items: [file('f3', 2)],
        nextCursor: null,
      });
    await Promise.all([moreItems, moreFiles]);
    expect(choices.itemOptions().map((i) => i.id)).toEqual(['i1', 'i2']);
    expect(choices.files.items().map((f) => f.id)).toEqual(['f1', 'f3']);
    expect(choices.items.nextCursor()).toBeNull();
  });

  it('searches items through the API once typing pauses, keeping the picked item among the options', async () => {
    const loaded = choices.load();
    http.expectOne((r) => r.url === itemsUrl).flush({ items: [item('i1', 'Bracket')], nextCursor: null });
    http.expectOne((r) => r.url === filesUrl).flush({ items: [], nextCursor: null });
    await loaded;
    choices.pickItem('i1');

    choices.searchItems('h');
    choices.searchItems('hi');
    choices.searchItems(' hinge ');
    http.expectNone((r) => r.url === itemsUrl);
    await new Promise((resolve) => setTimeout(resolve, 40));
    const search = http.expectOne((r) => r.url === itemsUrl);
    expect(search.request.params.get('q')).toBe('hinge');
    expect(search.request.params.has('cursor')).toBe(false);
    search.flush({ items: [item('i2', 'Hinge')], nextCursor: null });
    await settle();
    expect(choices.itemOptions().map((i) => i.id)).toEqual(['i1', 'i2']);

    // Clearing the search lists every item again.
    choices.searchItems('');
    await new Promise((resolve) => setTimeout(resolve, 40));
    const all = http.expectOne((r) => r.url === itemsUrl);
    expect(all.request.params.has('q')).toBe(false);
    all.flush({ items: [item('i1', 'Bracket'), item('i2', 'Hinge')], nextCursor: null });
    await settle();
    expect(choices.itemOptions().map((i) => i.id)).toEqual(['i1', 'i2']);
  });

  it('searches files through the API once typing pauses, keeping the picked file among the options', async () => {
    const loaded = choices.load();
    http.expectOne((r) => r.url === itemsUrl).flush({ items: [], nextCursor: null });
    http.expectOne((r) => r.url === filesUrl).flush({ items: [file('f1', 1)], nextCursor: null });
    await loaded;
    choices.pickFile('f1');

    choices.searchFiles('d');
    choices.searchFiles('dra');
    choices.searchFiles(' 50%_drawing ');
    http.expectNone((r) => r.url === filesUrl);
    await new Promise((resolve) => setTimeout(resolve, 40));
    const search = http.expectOne((r) => r.url === filesUrl);
    expect(search.request.params.get('q')).toBe('50%_drawing');
    expect(search.request.params.has('cursor')).toBe(false);
    search.flush({ items: [file('f2', 1), file('f3', null)], nextCursor: 'c2' });
    await settle();
    expect(choices.fileOptions().map((f) => f.id)).toEqual(['f1', 'f2']);

    // The next page keeps the search.
    const more = choices.files.more();
    const next = http.expectOne((r) => r.url === filesUrl && r.params.get('cursor') === 'c2');
    expect(next.request.params.get('q')).toBe('50%_drawing');
    next.flush({ items: [file('f4', 2)], nextCursor: null });
    await more;
    expect(choices.fileOptions().map((f) => f.id)).toEqual(['f1', 'f2', 'f4']);

    // Clearing the search lists every file again; the items are not asked for.
    choices.searchFiles('');
    await new Promise((resolve) => setTimeout(resolve, 40));
    http.expectNone((r) => r.url === itemsUrl);
    const all = http.expectOne((r) => r.url === filesUrl);
    expect(all.request.params.has('q')).toBe(false);
    all.flush({ items: [file('f1', 1), file('f2', 1)], nextCursor: null });
    await settle();
    expect(choices.fileOptions().map((f) => f.id)).toEqual(['f1', 'f2']);
  });
});
