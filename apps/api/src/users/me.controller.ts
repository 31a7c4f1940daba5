import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AbilityFactory, AuthUser, CurrentUser } from '@portico/auth';
import { NotFoundError } from '../common/domain-errors';
import { MeDto } from './dto/me.dto';
import { toAuthUser, UsersService } from './users.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly abilities: AbilityFactory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user, their organisation and their permission rules' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    const user = await this.users.findWithOrganization(caller.id);
    if (!user?.organization) throw new NotFoundError('User not found');
    const { id, name, kind } = user.organization;
    return {
      ...toAuthUser(user),
      mfaEnabled: user.totpEnabledAt !== null,
      organization: { id, name, kind },
      rules: this.abilities.packedRulesFor(caller),
    };
  }
}
