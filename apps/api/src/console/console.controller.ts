import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@portico/auth';
import { ConsoleSummary, ConsoleSummaryService } from './console-summary.service';

export class ConsoleSummaryDto implements ConsoleSummary {
  @ApiProperty({ description: 'Workspaces counted: owned or co-owned (admins: all live ones)' })
  workspaces: number;
  @ApiProperty({ description: 'Published items with a source change waiting to be published' })
  draftsToPublish: number;
  @ApiProperty({ description: 'Uploaded file revisions waiting for review' }) uploadsToReview: number;
  @ApiProperty({ description: 'Defects still at the initial status "Reported"' }) newDefects: number;
  @ApiProperty({ description: 'Sync jobs that failed for good (dead-lettered)' }) failedSyncJobs: number;
  @ApiProperty({
    description: 'Items whose latest version nobody acknowledged within unacknowledgedAfterDays',
  })
  unacknowledgedVersions: number;
  @ApiProperty({ description: 'Workspaces whose supplier access ends within accessEndingWithinDays' })
  accessEndingSoon: number;
  @ApiProperty() accessEndingWithinDays: number;
}

@ApiTags('console')
@ApiBearerAuth()
@Controller('v1/console')
export class ConsoleController {
  constructor(private readonly summary: ConsoleSummaryService) {}

  @Get('summary')
  @ApiOperation({ summary: 'What needs the PM now, across the workspaces they manage (admins: all)' })
  @ApiOkResponse({ type: ConsoleSummaryDto })
  @ApiForbiddenResponse({ description: 'Suppliers' })
  get(@CurrentUser() user: AuthUser): Promise<ConsoleSummaryDto> {
    return this.summary.forUser(user);
  }
}
