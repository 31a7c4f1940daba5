export { Organization } from './entities/organization.entity';
export { InvitationsService } from './invitations.service';
export { OrganizationsModule } from './organizations.module';
export { OrganizationsService } from './organizations.service';
export { SsoDiscoverDto, SsoDiscoveryDto } from './dto/sso.dto';
export { discoverIssuer, oidcFailure } from './oidc-issuer';
export {
  SSO_CALLBACK_PATH,
  type SsoConnection,
  SsoSettingsService,
  emailDomainOf,
} from './sso-settings.service';
