import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@portico/auth';
import { WhatChangedQueryDto } from './dto/what-changed-query.dto';
import { WhatChangedDto, toWhatChangedDto } from './dto/what-changed-response.dto';
import { WhatChangedService } from './what-changed.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/changes')
export class WhatChangedController {
  constructor(private readonly whatChanged: WhatChangedService) {}

  @Get()
  @ApiOperation({
    summary: 'What changed since your last visit',
    description:
      'New shared items and versions you have not opened, and defect status changes and drawing reviews since your previous visit, across your workspaces. Calling it records the visit; calls less than 30 minutes apart belong to the same visit.',
  })
  @ApiOkResponse({ type: WhatChangedDto })
  async list(@CurrentUser() user: AuthUser, @Query() query: WhatChangedQueryDto): Promise<WhatChangedDto> {
    return toWhatChangedDto(await this.whatChanged.forUser(user, query.limit ?? 50));
  }
}
