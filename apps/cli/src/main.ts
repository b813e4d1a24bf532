import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { NestFactory } from '@nestjs/core';

import { PlatformAdminsService, TenantProvisioningService } from '@fisiorag/auth';
import { DomainError, formatDetail } from '@fisiorag/common';
import { loadAppConfig } from '@fisiorag/config';
import { migrateDatabase } from '@fisiorag/database';

import { CliModule } from './cli.module';
import { EVAL_USAGE, runEvalCommand } from './eval-command';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                       Apply pending migrations as the schema owner
                                (MIGRATIONS_DATABASE_URL, else DATABASE_URL).
  create-tenant                 Create a tenant and its first admin.
    --slug SLUG                 2-63 lowercase letters, digits or hyphens
    --name NAME                 Display name of the institution
    --admin-email EMAIL         Email of the first admin
    --admin-password PASSWORD   At least 12 characters; read from standard input when omitted
  create-platform-admin         Create a platform admin, who creates, suspends and deletes
                                tenants through /api/v1/platform (no access to tenant data).
    --email EMAIL               Login email of the platform admin
    --password PASSWORD         At least 12 characters; read from standard input when omitted
  eval                          Measure retrieval quality on a folder of documents and a
                                question file (see npm run eval -- --help).
`;

/**
 * Reads a password: from a prompt that does not echo when standard input is a terminal,
 * otherwise from everything piped on standard input.
 */
async function readPassword(prompt: string): Promise<string> {
  if (process.stdin.isTTY) {
    return promptHidden(prompt);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8').trim();
}

function promptHidden(prompt: string): Promise<string> {
  const terminal = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
  });
  process.stdout.write(prompt);
  // readline echoes through _writeToOutput; muting it hides the typed password.
  (terminal as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () =>
    undefined;

  return new Promise((resolve) => {
    terminal.question('', (answer) => {
      terminal.close();
      process.stdout.write('\n');
      resolve(answer.trim());
    });
  });
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
  const password = values['admin-password'] ?? (await readPassword('Admin password: '));
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

async function createPlatformAdmin(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' } },
  });
  if (!values.email) {
    throw new Error(`missing option: --email\n\n${USAGE}`);
  }
  const password = values.password ?? (await readPassword('Platform admin password: '));
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const admin = await app.get(PlatformAdminsService).create(values.email, password);
    process.stdout.write(`Created platform admin ${admin.email} (${admin.id})\n`);
  } finally {
    await app.close();
  }
}

async function evaluate(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    process.stdout.write(EVAL_USAGE);

    return;
  }
  process.exitCode = await runEvalCommand(args, loadAppConfig(), process.stdout, process.stderr);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return migrate();
    case 'create-tenant':
      return createTenant(rest);
    case 'eval':
      return evaluate(rest);
    case 'create-platform-admin':
      return createPlatformAdmin(rest);
    default:
      process.stdout.write(USAGE);
      if (command && command !== 'help' && command !== '--help') {
        throw new Error(`unknown command ${JSON.stringify(command)}`);
      }
  }
}

function describeError(error: unknown): string {
  if (error instanceof DomainError) {
    return formatDetail(error.code, 'en', error.params);
  }

  return error instanceof Error ? error.message : String(error);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`error: ${describeError(error)}\n`);
  process.exit(1);
});
