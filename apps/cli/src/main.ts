import { parseArgs } from 'node:util';

import { NestFactory } from '@nestjs/core';

import { TenantProvisioningService } from '@fisiorag/auth';
import { loadAppConfig } from '@fisiorag/config';
import { migrateDatabase } from '@fisiorag/database';

import { CliModule } from './cli.module';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                       Apply pending migrations as the schema owner
                                (MIGRATIONS_DATABASE_URL, else DATABASE_URL).
  create-tenant                 Create a tenant and its first admin.
    --slug SLUG                 2-63 lowercase letters, digits or hyphens
    --name NAME                 Display name of the institution
    --admin-email EMAIL         Email of the first admin
    --admin-password PASSWORD   At least 12 characters; read from standard input when omitted
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8').trim();
}

async function migrate(): Promise<void> {
  const config = loadAppConfig();
  const url = config.env.MIGRATIONS_DATABASE_URL ?? config.env.DATABASE_URL;
  if (!url) {
    process.stdout.write('No DATABASE_URL: the embedded database migrates itself at start.\n');

    return;
  }
  const applied = await migrateDatabase({ url, vectorDimension: config.env.VECTOR_DIMENSION });
  process.stdout.write(
    applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n',
  );
}

async function createTenant(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
    },
  });
  const missing = ['slug', 'name', 'admin-email'].filter(
    (key) => !values[key as keyof typeof values],
  );
  if (missing.length > 0) {
    throw new Error(
      `missing option(s): ${missing.map((key) => `--${key}`).join(', ')}\n\n${USAGE}`,
    );
  }
  const password = values['admin-password'] ?? (await readStdin());
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const tenant = await app.get(TenantProvisioningService).createTenantWithAdmin({
      slug: values.slug as string,
      name: values.name as string,
      adminEmail: values['admin-email'] as string,
      adminPassword: password,
    });
    process.stdout.write(
      `Created tenant ${tenant.slug} (${tenant.id}) with admin ${values['admin-email']}\n`,
    );
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return migrate();
    case 'create-tenant':
      return createTenant(rest);
    default:
      process.stdout.write(USAGE);
      if (command && command !== 'help' && command !== '--help') {
        throw new Error(`unknown command ${JSON.stringify(command)}`);
      }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
