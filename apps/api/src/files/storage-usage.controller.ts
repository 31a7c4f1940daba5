import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { AppAbility, AuthUser, CheckAbility, CurrentAbility, CurrentUser } from '@portico/auth';
import { ForbiddenError, UuidParamPipe } from '../common';
import { OrganizationsService } from '../organizations';
import { UploadQuota } from './upload-quota';

export class StorageUsageDto {
  @ApiProperty({ description: 'Bytes of uploading and stored revisions uploaded by the organisation' })
  usedBytes: number;
  @ApiProperty({ description: 'FILES_ORG_QUOTA_BYTES; 0 = no quota' })
  quotaBytes: number;
  @ApiProperty({ description: 'Uploads its members started and have not completed or cancelled' })
  openUploads: number;
  @ApiProperty({ description: 'FILES_MAX_OPEN_UPLOADS_PER_USER' })
  maxOpenUploadsPerUser: number;
}

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
