import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { NotificationRuleDto } from '../../workspaces';

export class RuleToolInputDto {
  @ApiProperty({ type: NotificationRuleDto, description: 'The rule as edited (saved or not)' })
  @IsDefined()
  @ValidateNested()
  @Type(() => NotificationRuleDto)
  rule: NotificationRuleDto;
}
