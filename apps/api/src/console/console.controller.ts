import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@portico/auth';
import { ConsoleSummaryService } from './console-summary.service';
import { ConsoleSummaryDto } from './dto/console-summary-response.dto';

@ApiTags('console')
@ApiBearerAuth()
@Controller('v1/console')
export class ConsoleController {
  constructor(private readonly summary: ConsoleSummaryService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'What needs the PM now, across the workspaces they manage (admins: all)',
    description:
      "Counts are kept per user for up to 5 s: others' changes show within that time, the caller's own writes " +
      'at once when the same API process answers (with several processes, within 5 s otherwise).',
  })
  @ApiOkResponse({ type: ConsoleSummaryDto })
  @ApiForbiddenResponse({ description: 'Suppliers' })
  get(@CurrentUser() user: AuthUser): Promise<ConsoleSummaryDto> {
    return this.summary.forUser(user);
  }
}
