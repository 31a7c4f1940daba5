export { TransmittalsModule } from './transmittals.module';
export { TransmittalsService } from './transmittals.service';
