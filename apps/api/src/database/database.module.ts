import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { runMigrationsExclusively } from './run-migrations';
import { typeormOptions } from './typeorm-options';

/**
 * TypeORM over `pg`; the schema comes only from migrations, applied at start-up under an advisory lock
 * (run-migrations.ts) so that several processes starting together never migrate at once.
 */
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
        };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options as DataSourceOptions).initialize();
        try {
          await runMigrationsExclusively(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
