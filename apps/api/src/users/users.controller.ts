import { Body, Controller, Param, Patch } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppAbility, AuthUser, CheckAbility, CurrentAbility, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { UpdateUserDto } from './dto/user-input.dto';
import { toUserDto, UserDto } from './dto/user-response.dto';
import { UsersService } from './users.service';
import { UuidParamPipe } from '../common';

@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Patch(':id')
  @CheckAbility('update', 'User')
  @ApiOperation({
    summary:
      "Change a user's status (active/disabled) or role; disabling or a role change ends their sessions",
  })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({
    description:
      'The field may not be changed by the caller (own role/status, outside own org, role above reach)',
  })
  @ApiNotFoundResponse({ description: 'No such user visible to the caller' })
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() caller: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @ClientMeta() meta: RequestMeta,
  ): Promise<UserDto> {
    return toUserDto(await this.users.update(caller, ability, id, dto, meta));
  }
}
