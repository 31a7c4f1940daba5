export { auditApiTokenChanges } from './api-token-audit';
export { ApiTokensModule } from './api-tokens.module';
export { ApiTokensService } from './api-tokens.service';
