import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions';
import { User } from './entities/user.entity';
import { AccountChangesListener } from './account-changes.listener';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionsModule],
  controllers: [MeController, UsersController],
  providers: [UsersService, PasswordHasher, AccountChangesListener],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
