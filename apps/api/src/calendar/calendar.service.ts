import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser } from '@portico/auth';
import { NotFoundError } from '../common/domain-errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ItemListService } from '../sharing/item-list.service';
import { TransmittalsService } from '../transmittals/transmittals.service';
import { UsersService } from '../users/users.service';
import { CalendarFeed } from './entities/calendar-feed.entity';
import { calendar } from './icalendar';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Per-user secret iCalendar feeds of the due dates a user can see. The URL's secret is an HMAC of the
 * user id and the feed's version under a key derived from JWT_SECRET, so nothing secret is stored and
 * the profile can show the URL again; rotating bumps the version, which kills every earlier URL.
 */
@Injectable()
export class CalendarService {
  private readonly key: Buffer;

  constructor(
    @InjectRepository(CalendarFeed) private readonly feeds: Repository<CalendarFeed>,
    private readonly dataSource: DataSource,
    private readonly items: ItemListService,
    private readonly transmittals: TransmittalsService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'portico', 'calendar-feed', 32));
  }

  private secret(userId: string, version: number): string {
    return createHmac('sha256', this.key).update(`${userId}:${version}`).digest('base64url');
  }

  private url(userId: string, version: number): string {
    return `${this.config.publicUrl}/api/calendar/${userId}/${this.secret(userId, version)}.ics`;
  }

  async feedUrl(user: AuthUser): Promise<string | null> {
    const feed = await this.feeds.findOneBy({ userId: user.id });
    return feed?.active ? this.url(user.id, feed.version) : null;
  }

  /** Turns the feed on with a new URL; the previous URL, if any, stops working at once. */
  async rotate(user: AuthUser): Promise<string> {
    const [row] = await this.dataSource.query<{ version: number }[]>(
      `INSERT INTO calendar_feed (user_id) VALUES ($1)
       ON CONFLICT (user_id) DO UPDATE
         SET version = calendar_feed.version + 1, active = true, updated_at = now()
       RETURNING version`,
      [user.id],
    );
    return this.url(user.id, row.version);
  }

  async revoke(user: AuthUser): Promise<void> {
    await this.feeds.update({ userId: user.id }, { active: false });
  }

  /** The feed behind a URL, or 404 for anything else (unknown, rotated, revoked, disabled account). */
  async render(userId: string, file: string, now = new Date()): Promise<string> {
    const notFound = new NotFoundError('Calendar feed not found');
    const given = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file)?.[1];
    if (!UUID.test(userId) || !given) throw notFound;
    const feed = await this.feeds.findOneBy({ userId });
    if (!feed?.active) throw notFound;
    const expected = Buffer.from(this.secret(userId, feed.version));
    if (!timingSafeEqual(expected, Buffer.from(given))) throw notFound;
    const user = await this.users.resolveAccount(userId);
    if (!user) throw notFound;

    const [rows, transmittals] = await Promise.all([
      this.items.dueDates(user),
      this.transmittals.responseDueDates(user),
    ]);
    // Transmittal ids and item ids are both UUIDs: one sequence table serves both kinds of event.
    const sequences = await this.sequences([
      ...rows.map((r) => ({ itemId: r.itemId, dueDate: r.dueDate })),
      ...transmittals.map((t) => ({ itemId: t.id, dueDate: t.dueDate })),
    ]);
    return calendar(
      'Portico due dates',
      [
        ...rows.map((row) => ({
          uid: `${row.itemId}@portico`,
          date: row.dueDate,
          sequence: sequences.get(row.itemId) ?? 0,
          summary: row.title ?? 'Shared item',
          description: `${row.workspaceName} · version ${row.latestVersion}`,
          url: `${this.config.publicUrl}/items/${row.itemId}`,
        })),
        ...transmittals.map((t) => ({
          uid: `transmittal-${t.id}@portico`,
          date: t.dueDate,
          sequence: sequences.get(t.id) ?? 0,
          summary: `Response due: ${t.number} ${t.subject}`,
          description: `${t.workspaceName} · transmittal ${t.number}`,
          url: `${this.config.publicUrl}/transmittals/${t.id}`,
        })),
      ],
      now,
    );
  }

  /**
   * SEQUENCE per item: starts at 0 and goes up by one whenever the published due date differs from the
   * one last served, so calendar clients replace the event. Kept in PostgreSQL, so every API process and
   * every user's feed agree; the conditional update counts a change once however many fetch it at once.
   */
  private async sequences(dates: { itemId: string; dueDate: string }[]): Promise<Map<string, number>> {
    if (!dates.length) return new Map();
    const ids = dates.map((d) => d.itemId);
    await this.dataSource.query(
      `INSERT INTO calendar_event_sequence (item_id, due_date)
       SELECT * FROM unnest($1::uuid[], $2::date[])
       ON CONFLICT (item_id) DO UPDATE
         SET due_date = EXCLUDED.due_date, sequence = calendar_event_sequence.sequence + 1
         WHERE calendar_event_sequence.due_date IS DISTINCT FROM EXCLUDED.due_date`,
      [ids, dates.map((d) => d.dueDate)],
    );
    const rows = await this.dataSource.query<{ item_id: string; sequence: number }[]>(
      `SELECT item_id, sequence FROM calendar_event_sequence WHERE item_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.item_id, r.sequence]));
  }
}
