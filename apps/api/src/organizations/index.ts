export { Organization } from './entities/organization.entity';
export { InvitationsService } from './invitations.service';
export { OrganizationsModule } from './organizations.module';
export { OrganizationsService } from './organizations.service';
export { SsoDiscoverDto } from './dto/sso-input.dto';
export { SsoDiscoveryDto } from './dto/sso-response.dto';
export { discoverIssuer, oidcFailure } from './oidc-issuer';
export {
  SSO_CALLBACK_PATH,
  type SsoConnection,
  SsoSettingsService,
  emailDomainOf,
} from './sso-settings.service';
