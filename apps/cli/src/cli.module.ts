import { Module } from '@nestjs/common';

import { AuthModule } from '@fisiorag/auth';
import { AppConfigModule } from '@fisiorag/config';
import { DatabaseModule } from '@fisiorag/database';

/** Module of the operator commands: configuration, database and tenant provisioning. */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    DatabaseModule,
    AuthModule.forRoot({ seedDemoTenant: false }),
  ],
})
export class CliModule {}
