import { writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { stopChildren } from './child-process';
import { generateQuestions } from './corpus-generator';
import { runEmbeddedScenario } from './embedded-scenario';
import { measureHealth, type HealthFigures } from './health-benchmark';
import { type BenchOptions, parseBenchOptions, USAGE } from './options';
import { runPostgresScenario } from './postgres-scenario';
import { type BenchFigures, renderReport } from './report';
import { prepareQueries } from './search-workload';

// Seeds of the benchmark questions; the recall questions differ from the load questions.
const QUESTION_SEED = 11;
const RECALL_QUESTION_SEED = 12;

const ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function describeMachine(): Promise<Record<string, string>> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; vector: string }>(
      `SELECT current_setting('server_version') AS version,
              (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS vector`,
    );

    return {
      CPU: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
      Node: process.version,
      PostgreSQL: rows[0]?.version ?? 'unknown',
      pgvector: rows[0]?.vector ?? 'unknown',
    };
  } finally {
    await client.end();
  }
}

async function runBenchmarks(options: BenchOptions): Promise<BenchFigures> {
  const started = performance.now();
  const machine = await describeMachine();
  const queries = await prepareQueries(
    generateQuestions(QUESTION_SEED, options.questions),
    options.vectorDimension,
  );
  const recallQueries = await prepareQueries(
    generateQuestions(RECALL_QUESTION_SEED, options.recallQuestions),
    options.vectorDimension,
  );
  const logFile = join(tmpdir(), `fisiorag-bench-api-${process.pid}.log`);
  log(`API logs go to ${logFile}`);

  const postgres = [];
  let health: HealthFigures | undefined;
  for (const chunks of options.chunks) {
    const measureHealthOnce = health
      ? undefined
      : async (api: Parameters<typeof measureHealth>[0]) => {
          health = await measureHealth(api, options, log);
        };
    postgres.push(
      await runPostgresScenario(
        options,
        chunks,
        queries,
        recallQueries,
        logFile,
        log,
        measureHealthOnce,
      ),
    );
  }
  const embedded =
    options.embeddedChunks > 0
      ? await runEmbeddedScenario(options, queries, logFile, log)
      : undefined;

  return {
    machine,
    options: { ...options },
    postgres,
    embedded,
    health,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal} received: stopping the API and helper processes`);
      stopChildren();
      process.exit(130);
    });
  }
  const options = parseBenchOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(USAGE);

    return;
  }
  const figures = await runBenchmarks(options);
  process.stdout.write(renderReport(figures));
  if (options.jsonFile) {
    await writeFile(options.jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
    log(`figures written to ${options.jsonFile}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
