import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { JiraSourceQueryDto, SourceQueryDto } from './dto/item-query.dto';
import { ShareableFieldDto, SourcePageDto } from './dto/item-response.dto';
import { JiraFieldCatalogue } from './jira-field-catalogue';
import { SourceBrowserService } from './source-browser.service';
import { UuidParamPipe } from '../common';
import { WorkspacesService } from '../workspaces';

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('v1/workspaces/:id/sources')
export class SourcesController {
  constructor(
    private readonly browser: SourceBrowserService,
    private readonly fieldCatalogue: JiraFieldCatalogue,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Get('jira/fields')
  @CheckAbility('update', 'Workspace')
  @ApiOkResponse({
    type: [ShareableFieldDto],
    description:
      "Fields that can be shared, with Jira's id and name; `name` is what allowlists store (any of Jira's spellings is accepted too)",
  })
  async jiraFields(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<ShareableFieldDto[]> {
    await this.workspaces.getAccessible(user, id, 'update');
    return this.fieldCatalogue.shareable();
  }

  @Get('jira')
  @CheckAbility('update', 'Workspace')
  @ApiOkResponse({
    type: SourcePageDto,
    description:
      'Issues matching `(workspace scope) AND (jql)`, with the shared item of each already shared one',
  })
  jira(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: JiraSourceQueryDto,
  ): Promise<SourcePageDto> {
    return this.browser.jiraIssues(user, id, query.jql, query.limit ?? 50, query.cursor);
  }

  @Get('feishu')
  @CheckAbility('update', 'Workspace')
  @ApiOkResponse({ type: SourcePageDto, description: 'Documents in the workspace Feishu folder' })
  feishu(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: SourceQueryDto,
  ): Promise<SourcePageDto> {
    return this.browser.feishuDocuments(user, id, query.limit ?? 50, query.cursor);
  }
}
