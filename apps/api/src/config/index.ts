export {
  ConfigError,
  kingdeeConfigOf,
  loadConfig,
  productionProblem,
  type AppConfig,
  type AppEnv,
} from './app-config';
export { APP_CONFIG, ConfigModule } from './config.module';
export { connectorClientProviders, feishuClientFromConfig } from './connector-clients';
