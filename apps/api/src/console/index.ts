export { ConsoleModule } from './console.module';
export { ConsoleSummaryService } from './console-summary.service';
export { forgetSummariesOnWrites } from './forget-summaries-on-writes';
