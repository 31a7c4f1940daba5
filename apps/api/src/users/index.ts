export { AuthUserDto } from './dto/me-response.dto';
export { UserDto, UserPageDto, toUserDto } from './dto/user-response.dto';
export { User } from './entities/user.entity';
export { PasswordHasher } from './password-hasher';
export { UsersModule } from './users.module';
export { UsersService, toAuthUser } from './users.service';
export { passwordProblem } from './password-policy/password-policy';
export { PeopleService, type Person, type Recipient } from './people.service';
export { type DirectoryEntry, UserDirectory } from './user-directory';
