export { ConnectorsStatusModule } from './connectors-status.module';
