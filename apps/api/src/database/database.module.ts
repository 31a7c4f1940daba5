import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

/** TypeORM over `pg`; the schema comes only from migrations, applied at start-up. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('databaseUrl must be resolved before the app starts');
        return {
          ...typeormOptions(config.databaseUrl, config.databasePoolSize),
          entities: [],
          autoLoadEntities: true,
          migrationsRun: true,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
