import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppAbility, AuthUser, CheckAbility, CurrentAbility, CurrentUser } from '@portico/auth';
import { ForbiddenError, UuidParamPipe } from '../common';
import { OrganizationsService } from '../organizations';
import { StorageUsageDto } from './dto/storage-usage-response.dto';
import { UploadQuota } from './upload-quota';

@ApiTags('files')
@ApiBearerAuth()
@Controller('v1/organizations')
export class StorageUsageController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly quota: UploadQuota,
  ) {}

  @Get(':id/storage')
  @CheckAbility('read', 'Organization')
  @ApiOperation({ summary: 'Storage an organisation uses against its quota, and the open-upload cap' })
  @ApiOkResponse({ type: StorageUsageDto })
  @ApiForbiddenResponse({ description: 'Supplier members: only their admins see the quota' })
  @ApiNotFoundResponse()
  async usage(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<StorageUsageDto> {
    const org = await this.organizations.getVisible(ability, id);
    if (user.role === 'supplier_member')
      throw new ForbiddenError('Only administrators see the storage quota');
    return this.quota.usage(org.id);
  }
}
