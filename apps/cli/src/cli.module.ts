import { Module } from '@nestjs/common';

import { AuthModule } from '@fisiorag/auth';
import { AppConfigModule } from '@fisiorag/config';
import { DatabaseModule } from '@fisiorag/database';

/** What the operator commands need: configuration, database and tenant provisioning. */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    DatabaseModule,
    AuthModule.forRoot({ seedDemoTenant: false }),
  ],
})
export class CliModule {}
