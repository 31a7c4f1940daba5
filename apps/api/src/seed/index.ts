export { DEMO_TOUR, DemoDataService } from './demo-data.service';
export { SeedModule } from './seed.module';
