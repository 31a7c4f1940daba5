import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CheckAbility } from '@portico/auth';
import { ConnectorsStatusService } from './connectors-status.service';
import { ConnectorsStatusDto } from './dto/connectors-status-response.dto';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/connectors')
export class ConnectorsStatusController {
  constructor(private readonly connectors: ConnectorsStatusService) {}

  @Get('status')
  @CheckAbility('read', 'Connector')
  @ApiOperation({
    summary:
      'Jira and Feishu: configuration, a live credential check, last webhook, last reconciliation, failing jobs',
    description:
      'Admins only. Each call makes one authenticated request per configured system (Jira `GET /rest/api/3/myself`, ' +
      'Feishu tenant access token) limited by CONNECTOR_CHECK_TIMEOUT_MS. Credentials are never part of the answer.',
  })
  @ApiOkResponse({ type: ConnectorsStatusDto })
  @ApiUnauthorizedResponse({ description: 'No or invalid access token' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  status(): Promise<ConnectorsStatusDto> {
    return this.connectors.status();
  }
}
