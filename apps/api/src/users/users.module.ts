import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../auth/sessions.module';
import { User } from './entities/user.entity';
import { AccountChangesListener } from './account-changes.listener';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher';
import { UsersController } from './users.controller';
import { UserDirectory } from './user-directory';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionsModule],
  controllers: [MeController, UsersController],
  providers: [UsersService, PasswordHasher, AccountChangesListener, UserDirectory],
  exports: [UsersService, PasswordHasher, UserDirectory],
})
export class UsersModule {}
