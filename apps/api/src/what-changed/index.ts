export { WhatChangedModule } from './what-changed.module';
