import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { PureAbility } from '@casl/ability';
import { AppAbility, createAppAbility } from '../../core/auth/ability';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import type { WorkspaceListEntry } from '../api/workspaces-api.service';
import consoleEn from '../i18n/en.json';
import { DefectListPage } from './defect-list.page';

const workspace = (id: string, statusMap: Record<string, string>) =>
  ({ id, name: `Workspace ${id}`, statusMap, pendingDrafts: 0 }) as unknown as WorkspaceListEntry;

/** The PM manages the Acme and Borealis workspaces; Cobalt is only readable to them. */
const WORKSPACES = [
  workspace('acme', { 'In Testing': 'Fix being verified', Done: 'Resolved' }),
  workspace('borealis', { 'In Progress': 'Being fixed', 'Code Review': 'Being fixed' }),
  workspace('cobalt', { QA: 'Under supplier review' }),
];

const manages = (ids: string[]) => [
  { action: 'update', subject: 'Workspace', conditions: { id: { $in: ids } } },
];

describe('DefectListPage', () => {
  let fixture: ComponentFixture<DefectListPage>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let ability: AppAbility;

  beforeEach(async () => {
    ability = createAppAbility();
    ability.update(manages(['acme', 'borealis']));
    await TestBed.configureTestingModule({
      imports: [DefectListPage, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PureAbility, useValue: ability },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(DefectListPage);
    http = TestBed.inject(HttpTestingController);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    answer(defectsRequest());
    http.expectOne((r) => r.url === '/api/v1/workspaces').flush({ items: WORKSPACES, nextCursor: null });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function defectsRequest(): TestRequest {
    return http.expectOne((r) => r.url === '/api/v1/defects');
  }

  function answer(request: TestRequest): void {
    request.flush({ items: [], nextCursor: null });
  }

  async function statusSelect(): Promise<MatSelectHarness> {
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Status' }));
    return (await field.getControl(MatSelectHarness))!;
  }

  async function offeredStatuses(): Promise<string[]> {
    const select = await statusSelect();
    await select.open();
    const options = await Promise.all((await select.getOptions()).map((o) => o.getText()));
    await select.close();
    return options;
  }

  it('offers the default statuses, then those the managed workspaces map to, each once', async () => {
    expect(await offeredStatuses()).toEqual([
      'Any status',
      'Reported',
      'In progress',
      'Resolved',
      'Being fixed',
      'Fix being verified',
    ]);
  });

  it('asks the API for the managed defects in the chosen status, and for any status once cleared', async () => {
    const select = await statusSelect();
    await select.clickOptions({ text: 'Fix being verified' });
    const filtered = defectsRequest();
    expect(filtered.request.params.get('status')).toBe('Fix being verified');
    expect(filtered.request.params.get('managed')).toBe('true');
    answer(filtered);

    await select.clickOptions({ text: 'Any status' });
    const cleared = defectsRequest();
    expect(cleared.request.params.has('status')).toBe(false);
    answer(cleared);
  });

  it('drops a workspace and its statuses from the choices once the rules no longer let the PM manage it', async () => {
    ability.update(manages(['acme']));
    await fixture.whenStable();
    expect(fixture.componentInstance.workspaces.managed().map((ws) => ws.id)).toEqual(['acme']);
    expect(await offeredStatuses()).toEqual([
      'Any status',
      'Reported',
      'In progress',
      'Resolved',
      'Fix being verified',
    ]);
  });
});
