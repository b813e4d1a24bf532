import { randomBytes } from 'node:crypto';

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { AppConfig } from '@fisiorag/config';

import { TenantProvisioningService } from './tenant-provisioning.service';

export const DEMO_TENANT = {
  slug: 'demo',
  name: 'FisioRAG demo',
  adminEmail: 'admin@demo.fisiorag.local',
};

/**
 * In embedded mode only, creates a demo tenant and admin when the database has no tenant,
 * and prints the credentials once on standard output (never to the log).
 */
@Injectable()
export class DemoTenantSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoTenantSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly provisioning: TenantProvisioningService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Tests create their own tenants; a printed demo password would only clutter their output.
    if (
      !this.config.isEmbeddedDatabase ||
      this.config.isProduction ||
      this.config.env.APP_ENV === 'test'
    ) {
      return;
    }
    if ((await this.provisioning.countTenants()) > 0) {
      return;
    }
    const slug = this.config.env.DEMO_TENANT_SLUG ?? DEMO_TENANT.slug;
    const password = randomBytes(12).toString('base64url');
    await this.provisioning.createTenantWithAdmin({
      ...DEMO_TENANT,
      slug,
      adminPassword: password,
    });
    this.logger.log(`demo tenant ${slug} created; its credentials were printed on standard output`);
    process.stdout.write(
      [
        '',
        '=== FisioRAG demo tenant (shown only once) ===',
        `tenant:   ${slug}`,
        `email:    ${DEMO_TENANT.adminEmail}`,
        `password: ${password}`,
        '==============================================',
        '',
      ].join('\n') + '\n',
    );
  }
}
