import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions';
import { User } from './entities/user.entity';
import { AccountChangesListener } from './account-changes.listener';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher';
import { PeopleService } from './people.service';
import { UsersController } from './users.controller';
import { UserDirectory } from './user-directory';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionsModule],
  controllers: [MeController, UsersController],
  providers: [UsersService, PeopleService, PasswordHasher, AccountChangesListener, UserDirectory],
  exports: [UsersService, PeopleService, PasswordHasher, UserDirectory],
})
export class UsersModule {}
