import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { ConsoleSummary, ConsoleSummaryApi } from '../api/console-summary-api.service';
import { ProblemAlertComponent } from '../ui/problem-alert.component';
import { OverdueTransmittalsComponent } from '../transmittals/overdue-transmittals.component';

/** One count of the home page and the list it opens. */
interface Tile {
  key: keyof ConsoleSummary;
  link: string;
  query?: Record<string, string>;
}

export const CONSOLE_HOME_TILES: readonly Tile[] = [
  { key: 'draftsToPublish', link: '/console/pending' },
  { key: 'uploadsToReview', link: '/console/reviews' },
  { key: 'newDefects', link: '/console/defects', query: { status: 'Reported' } },
  { key: 'failedSyncJobs', link: '/console/sync' },
  { key: 'unacknowledgedVersions', link: '/console/workspaces' },
  { key: 'accessEndingSoon', link: '/console/workspaces' },
];

/** The console's home: "what needs me now", one count per kind of waiting work, each opening its list. */
@Component({
  selector: 'app-console-home-page',
  imports: [RouterLink, TranslocoDirective, ProblemAlertComponent, OverdueTransmittalsComponent],
  template: `
    <section class="page" *transloco="let t">
      <h1 class="page-title">{{ t('console.home.title') }}</h1>
      <app-problem-alert [problem]="problem()" />
      @if (summary(); as s) {
        <p class="muted">{{ t('console.home.scope', { count: s.workspaces }) }}</p>
        <ul class="tiles">
          @for (tile of tiles; track tile.key) {
            <li>
              <a
                class="tile card"
                [class.zero]="!s[tile.key]"
                [routerLink]="tile.link"
                [queryParams]="tile.query"
              >
                <span class="count">{{ s[tile.key] }}</span>{{ ' ' }}
                <span class="label">{{
                  t('console.home.tiles.' + tile.key, { within: s.accessEndingWithinDays })
                }}</span>
              </a>
            </li>
          }
        </ul>
      }
      <app-overdue-transmittals />
    </section>
  `,
  styles: `
    .tiles {
      list-style: none;
      padding: 0;
      margin: 16px 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
      gap: 12px;
    }
    .tile {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 16px;
      text-decoration: none;
      color: inherit;
      min-height: 88px;
    }
    .tile:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
    }
    .count {
      font-size: 2rem;
      font-weight: 600;
      color: var(--mat-sys-primary);
    }
    .zero .count {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsoleHomePage implements OnInit {
  private readonly api = inject(ConsoleSummaryApi);
  readonly tiles = CONSOLE_HOME_TILES;
  readonly summary = signal<ConsoleSummary | null>(null);
  readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    this.api.get().then(
      (summary) => this.summary.set(summary),
      (error: unknown) => this.problem.set(toApiProblem(error)),
    );
  }
}
