import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';

import { AppConfig } from '@fisiorag/config';

import { createRateLimitOptions } from './rate-limit-options';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Rate limits on every route. Import it after `AuthModule`: global guards run in registration
 * order, and this one needs the principal that the JWT guard sets.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({ inject: [AppConfig], useFactory: createRateLimitOptions }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class ThrottlingModule {}
