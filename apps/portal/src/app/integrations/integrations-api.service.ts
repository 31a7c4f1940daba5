import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { components } from '../core/api/openapi';

type Schemas = components['schemas'];
export type ApiToken = Schemas['ApiTokenDto'];
export type CreatedApiToken = Schemas['CreatedApiTokenDto'];
export type NewApiToken = Schemas['CreateApiTokenDto'];
export type WebhookEndpoint = Schemas['WebhookEndpointDto'];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecretDto'];
export type NewWebhookEndpoint = Pick<Schemas['CreateWebhookEndpointDto'], 'url' | 'description' | 'events'>;
export type WebhookDelivery = Schemas['WebhookDeliveryDto'];

const enc = encodeURIComponent;

/** Where a caller's API tokens live: their own (`orgId` null) or their organisation's. */
function tokensOf(orgId: string | null): string {
  return orgId === null ? '/api/v1/me/api-tokens' : `/api/v1/organizations/${enc(orgId)}/api-tokens`;
}

const webhooksOf = (orgId: string) => `/api/v1/organizations/${enc(orgId)}/webhook-endpoints`;

/** API tokens and webhook endpoints of a supplier organisation (docs/supplier-integrations.md). */
@Injectable({ providedIn: 'root' })
export class IntegrationsApi {
  private readonly http = inject(HttpClient);

  async tokens(orgId: string | null): Promise<ApiToken[]> {
    return (await firstValueFrom(this.http.get<Schemas['ApiTokenListDto']>(tokensOf(orgId)))).items;
  }

  createToken(orgId: string | null, token: NewApiToken): Promise<CreatedApiToken> {
    return firstValueFrom(this.http.post<CreatedApiToken>(tokensOf(orgId), token));
  }

  revokeToken(orgId: string | null, id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${tokensOf(orgId)}/${enc(id)}`));
  }

  async endpoints(orgId: string): Promise<WebhookEndpoint[]> {
    return (await firstValueFrom(this.http.get<Schemas['WebhookEndpointListDto']>(webhooksOf(orgId)))).items;
  }

  createEndpoint(orgId: string, endpoint: NewWebhookEndpoint): Promise<WebhookEndpointWithSecret> {
    return firstValueFrom(this.http.post<WebhookEndpointWithSecret>(webhooksOf(orgId), endpoint));
  }

  setEnabled(orgId: string, id: string, enabled: boolean): Promise<unknown> {
    return firstValueFrom(this.http.patch(`${webhooksOf(orgId)}/${enc(id)}`, { enabled }));
  }

  rotateSecret(orgId: string, id: string): Promise<WebhookEndpointWithSecret> {
    return firstValueFrom(
      this.http.post<WebhookEndpointWithSecret>(`${webhooksOf(orgId)}/${enc(id)}/rotate-secret`, {}),
    );
  }

  deleteEndpoint(orgId: string, id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${webhooksOf(orgId)}/${enc(id)}`));
  }

  sendTest(orgId: string, id: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${webhooksOf(orgId)}/${enc(id)}/test`, {}));
  }

  async deliveries(orgId: string, endpointId: string): Promise<WebhookDelivery[]> {
    return (
      await firstValueFrom(
        this.http.get<Schemas['WebhookDeliveryPageDto']>(
          `${webhooksOf(orgId)}/${enc(endpointId)}/deliveries`,
        ),
      )
    ).items;
  }

  redeliver(orgId: string, deliveryId: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${webhooksOf(orgId)}/deliveries/${enc(deliveryId)}/redeliver`, {}));
  }
}
