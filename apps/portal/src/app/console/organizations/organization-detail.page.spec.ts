import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { PureAbility } from '@casl/ability';
import { AppAbility, createAppAbility } from '../../core/auth/ability';
import en from '../../../i18n/en.json';
import { translocoTesting } from '../../../testing/transloco-testing';
import consoleEn from '../i18n/en.json';
import { OrganizationDetailPage } from './organization-detail.page';

const ORG = { id: 'org-acme', name: 'Acme Precision Parts', status: 'active', requireMfa: false };

describe('OrganizationDetailPage', () => {
  let fixture: ComponentFixture<OrganizationDetailPage>;
  let loader: HarnessLoader;
  let ability: AppAbility;

  beforeEach(async () => {
    ability = createAppAbility();
    await TestBed.configureTestingModule({
      imports: [OrganizationDetailPage, translocoTesting({ langs: { en: { ...en, console: consoleEn } } })],
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: PureAbility, useValue: ability },
      ],
    }).compileComponents();
    fixture = TestBed.createComponent(OrganizationDetailPage);
    fixture.componentRef.setInput('id', ORG.id);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    http.expectOne(`/api/v1/organizations/${ORG.id}`).flush(ORG);
    http
      .expectOne((r) => r.url === `/api/v1/organizations/${ORG.id}/users`)
      .flush({ items: [], nextCursor: null });
    await fixture.whenStable();
  });

  it('lets the admin require TOTP as soon as rules granting it arrive, and not after they are withdrawn', async () => {
    const toggle = await loader.getHarness(MatSlideToggleHarness);
    expect(await toggle.isDisabled()).toBe(true);

    ability.update([{ action: 'update', subject: 'Organization', fields: ['requireMfa'] }]);
    expect(await toggle.isDisabled()).toBe(false);

    ability.update([]);
    expect(await toggle.isDisabled()).toBe(true);
  });
});
