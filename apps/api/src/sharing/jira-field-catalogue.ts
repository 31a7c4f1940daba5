import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { BadInputError, DomainError } from '../common';
import { AppConfig, APP_CONFIG } from '../config';
import { FIELD_NAME_RESOLVER } from '../workspaces';
import {
  CUSTOM_FIELD_ID,
  JIRA_ID_OF_BUILT_IN,
  JiraFieldInfo,
  needsJiraFields,
  resolveFieldNames,
} from './field-names';
import { JIRA_BUILT_IN_FIELDS } from './projection/jira-projection';
import { sourceClientProviders } from './source-clients';

/** A field the PM can share: the name Portico stores, and Jira's id and name of it. */
export interface ShareableField {
  name: string;
  label: string;
  jiraId: string | null;
  jiraName: string | null;
  custom: boolean;
}

/** Jira did not answer while a field name had to be checked: try again later, nothing was stored. */
export class JiraFieldsUnavailableError extends DomainError {
  readonly status = 503;
  readonly type = 'unavailable';
}

/**
 * Jira's field list, kept for JIRA_FIELDS_CACHE_SECONDS per Jira connection (its base URL) so checking
 * the names of a bulk share asks Jira once, while a custom field added in Jira is known a minute later.
 */
@Injectable()
export class JiraFieldCatalogue {
  private readonly cache = new Map<string, { until: number; fields: Promise<JiraFieldInfo[]> }>();

  constructor(
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Jira's fields, or null where no Jira is configured. */
  async fields(): Promise<JiraFieldInfo[] | null> {
    const connection = this.config.raw.JIRA_BASE_URL;
    if (!connection) return null;
    const now = Date.now();
    let entry = this.cache.get(connection);
    if (!entry || entry.until <= now) {
      entry = { until: now + this.config.jiraFieldsCacheMs, fields: this.load() };
      this.cache.set(connection, entry);
      // A failed read is not kept: the next request asks Jira again.
      entry.fields.catch(() => this.cache.delete(connection));
    }
    return entry.fields;
  }

  /** The canonical names of `names` (see field-names.ts), or 400 naming every entry that matches nothing. */
  async resolve(names: string[], path: string): Promise<string[]> {
    const jiraFields = needsJiraFields(names) ? await this.fields() : null;
    const { fields, errors } = resolveFieldNames(names, jiraFields, path);
    if (errors.length)
      throw new BadInputError(`Unknown field${errors.length > 1 ? 's' : ''} in ${path}`, errors);
    return fields;
  }

  /**
   * What the console's field picker offers: Portico's built-in fields that this Jira has (the issue
   * link `url` is Portico's own), then Jira's custom fields by name. Without a Jira, the built-ins.
   */
  async shareable(): Promise<ShareableField[]> {
    const jiraFields = await this.fields();
    const byId = new Map((jiraFields ?? []).map((f) => [f.id, f]));
    const builtIn = Object.entries(JIRA_BUILT_IN_FIELDS).flatMap(([name, field]) => {
      const jiraId = JIRA_ID_OF_BUILT_IN[name] ?? null;
      const jira = jiraId ? byId.get(jiraId) : undefined;
      if (jiraFields && jiraId && !jira) return [];
      return [{ name, label: field.label, jiraId, jiraName: jira?.name ?? null, custom: false }];
    });
    const custom = (jiraFields ?? [])
      .filter((f) => f.custom && CUSTOM_FIELD_ID.test(f.id))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((f) => ({ name: f.id, label: f.name, jiraId: f.id, jiraName: f.name, custom: true }));
    return [...builtIn, ...custom];
  }

  private async load(): Promise<JiraFieldInfo[]> {
    try {
      const list = await this.jira.listFields();
      return list
        .filter((f) => typeof f.id === 'string' && typeof f.name === 'string')
        .map((f) => ({ id: f.id as string, name: f.name as string, custom: f.custom === true }));
    } catch (error) {
      throw new JiraFieldsUnavailableError(
        `Jira's field list could not be read to check the field names: ${(error as Error).message}`,
      );
    }
  }
}

/**
 * The catalogue on its own. Global, so the workspaces module gets it as its FIELD_NAME_RESOLVER
 * (workspace default fields) without importing the sharing module, which depends on it.
 */
@Global()
@Module({
  providers: [
    ...sourceClientProviders,
    JiraFieldCatalogue,
    { provide: FIELD_NAME_RESOLVER, useExisting: JiraFieldCatalogue },
  ],
  exports: [JiraFieldCatalogue, FIELD_NAME_RESOLVER],
})
export class JiraFieldsModule {}
