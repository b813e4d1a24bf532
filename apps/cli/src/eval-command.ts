import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { Global, type INestApplicationContext, type LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import {
  AuthModule,
  type Principal,
  TenantProvisioningService,
  TenantsRepository,
} from '@fisiorag/auth';
import { type AppConfig, AppConfigModule } from '@fisiorag/config';
import { DatabaseModule, IN_MEMORY, TenantDatabase } from '@fisiorag/database';
import { DocumentsService, IngestionModule } from '@fisiorag/ingestion';
import { BusinessMetrics, createUnpublishedBusinessMetrics } from '@fisiorag/metrics';
import {
  MAX_TOP_K,
  QueryService,
  RetrievalModule,
  SEARCH_MODES,
  type SearchMode,
  SearchService,
} from '@fisiorag/retrieval';

import {
  type EvalQuestion,
  type ModeReport,
  OUT_OF_CONTEXT_TYPE,
  type QuestionOutcome,
  renderTable,
  scoreMode,
} from './eval-metrics';

export const EVAL_USAGE = `Usage: npm run eval -- --corpus DIR --questions FILE [options]

Loads every .md, .markdown and .txt file of DIR into a fresh tenant (the in-memory embedded
database, or DATABASE_URL when set), asks each question of FILE, and prints recall@1, recall@5
and MRR per question type and mode, and out-of-context precision and recall, as a table and as
JSON. Exits with status 1 if any question fails.

Options:
  --corpus DIR        folder of documents to load
  --questions FILE    JSON array of {id, question, language, relevant, answer_keywords, type}
  --mode MODE         hybrid, vector, keyword or all (default all)
  --top-k N           passages retrieved per question, 1-${MAX_TOP_K} (default 20)
  --json FILE         also write the JSON report to FILE
`;

const MIME_BY_EXTENSION: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
};

// The API's limit on a question's length.
const MAX_QUESTION_LENGTH = 2000;

const DEFAULT_TOP_K = 20;

export interface EvalOptions {
  corpusDir: string;
  questionsFile: string;
  modes: SearchMode[];
  topK: number;
  jsonFile?: string;
}

export interface EvalOutput {
  write(text: string): void;
}

export interface QuestionFailure {
  questionId: string;
  mode: string;
  error: string;
}

export interface EvalReport {
  corpus: { directory: string; documents: number; chunks: number };
  questions: number;
  topK: number;
  modes: ModeReport[];
  failures: QuestionFailure[];
}

/** Parses the eval command's arguments; throws with the usage text when one is missing or invalid. */
export function parseEvalOptions(args: string[]): EvalOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      corpus: { type: 'string' },
      questions: { type: 'string' },
      mode: { type: 'string', default: 'all' },
      'top-k': { type: 'string', default: String(DEFAULT_TOP_K) },
      json: { type: 'string' },
    },
  });
  const missing = ['corpus', 'questions'].filter((key) => !values[key as keyof typeof values]);
  if (missing.length > 0) {
    throw new Error(
      `missing option(s): ${missing.map((key) => `--${key}`).join(', ')}\n\n${EVAL_USAGE}`,
    );
  }
  const mode = values.mode;
  if (mode !== 'all' && !SEARCH_MODES.includes(mode as SearchMode)) {
    throw new Error(`invalid --mode ${JSON.stringify(mode)}: use hybrid, vector, keyword or all`);
  }
  const topK = Number(values['top-k']);
  if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K) {
    throw new Error(
      `invalid --top-k ${JSON.stringify(values['top-k'])}: use an integer from 1 to ${MAX_TOP_K}`,
    );
  }

  return {
    corpusDir: values.corpus as string,
    questionsFile: values.questions as string,
    modes: mode === 'all' ? [...SEARCH_MODES] : [mode as SearchMode],
    topK,
    jsonFile: values.json,
  };
}

function describeInvalid(index: number, item: unknown, problem: string): Error {
  const id = (item as { id?: unknown } | null)?.id;

  return new Error(
    `invalid question #${index + 1}${typeof id === 'string' ? ` (${id})` : ''} in the questions file: ${problem}`,
  );
}

function validateQuestion(
  item: unknown,
  index: number,
  corpusFiles: ReadonlySet<string>,
): EvalQuestion {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw describeInvalid(index, item, 'expected an object');
  }
  const question = item as Record<string, unknown>;
  if (typeof question.id !== 'string' || question.id.trim() === '') {
    throw describeInvalid(index, item, '"id" must be a non-empty string');
  }
  if (
    typeof question.question !== 'string' ||
    question.question.trim() === '' ||
    question.question.length > MAX_QUESTION_LENGTH
  ) {
    throw describeInvalid(
      index,
      item,
      `"question" must be a non-blank string of at most ${MAX_QUESTION_LENGTH} characters`,
    );
  }
  if (question.language !== 'it' && question.language !== 'en') {
    throw describeInvalid(index, item, '"language" must be "it" or "en"');
  }
  if (typeof question.type !== 'string' || question.type.trim() === '') {
    throw describeInvalid(index, item, '"type" must be a non-empty string');
  }
  const relevant = question.relevant;
  if (!Array.isArray(relevant) || !relevant.every((file) => typeof file === 'string')) {
    throw describeInvalid(index, item, '"relevant" must be an array of file names');
  }
  if (question.type !== OUT_OF_CONTEXT_TYPE && relevant.length === 0) {
    throw describeInvalid(
      index,
      item,
      `"relevant" must name at least one file unless "type" is "${OUT_OF_CONTEXT_TYPE}"`,
    );
  }
  const unknown = relevant.filter((file) => !corpusFiles.has(file));
  if (unknown.length > 0) {
    throw describeInvalid(
      index,
      item,
      `"relevant" names files that are not in the corpus: ${unknown.join(', ')}`,
    );
  }
  const keywords = question.answer_keywords ?? [];
  if (!Array.isArray(keywords) || !keywords.every((keyword) => typeof keyword === 'string')) {
    throw describeInvalid(index, item, '"answer_keywords" must be an array of strings');
  }

  return {
    id: question.id,
    question: question.question,
    language: question.language,
    relevant: relevant as string[],
    answer_keywords: keywords as string[],
    type: question.type,
  };
}

/** Reads and checks the questions file against the corpus's file names. */
export async function readQuestions(
  file: string,
  corpusFiles: ReadonlySet<string>,
): Promise<EvalQuestion[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `cannot read the questions file ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new Error(`the questions file ${file} must contain a non-empty JSON array`);
  }
  const questions = parsed.map((item, index) => validateQuestion(item, index, corpusFiles));
  const ids = new Set<string>();
  for (const question of questions) {
    if (ids.has(question.id)) {
      throw new Error(`the questions file ${file} repeats the id ${JSON.stringify(question.id)}`);
    }
    ids.add(question.id);
  }

  return questions;
}

/** Lists the loadable documents of the corpus folder, sorted by name. */
export async function listCorpusFiles(directory: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    throw new Error(
      `cannot read the corpus folder ${directory}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const files = entries.filter((name) => MIME_BY_EXTENSION[extname(name).toLowerCase()]).sort();
  if (files.length === 0) {
    throw new Error(`the corpus folder ${directory} contains no .md, .markdown or .txt file`);
  }

  return files;
}

@Module({})
class EvalModule {}

/** The services record business metrics; the evaluation keeps them in a registry that no endpoint publishes. */
@Global()
@Module({
  providers: [{ provide: BusinessMetrics, useFactory: () => createUnpublishedBusinessMetrics() }],
  exports: [BusinessMetrics],
})
class UnpublishedMetricsModule {}

/** Sends Nest's warnings and errors to the error stream, so the output carries only the report. */
function errorStreamLogger(errors: EvalOutput): LoggerService {
  const write = (level: string) => (message: unknown) =>
    errors.write(`${level}: ${String(message)}\n`);

  return { log: () => undefined, warn: write('warning'), error: write('error') };
}

/** Builds the application context of the evaluation: the embedded database lives in memory. */
function createEvalContext(
  config: AppConfig,
  errors: EvalOutput,
): Promise<INestApplicationContext> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.env)) {
    if (value !== undefined) {
      env[name] = String(value);
    }
  }
  if (config.isEmbeddedDatabase) {
    env.PGLITE_DATA_DIR = IN_MEMORY;
  }

  return NestFactory.createApplicationContext(
    {
      module: EvalModule,
      imports: [
        AppConfigModule.forRoot({ env }),
        DatabaseModule,
        UnpublishedMetricsModule,
        AuthModule.forRoot({ seedDemoTenant: false }),
        IngestionModule,
        RetrievalModule,
      ],
    },
    { logger: errorStreamLogger(errors), abortOnError: false },
  );
}

async function createEvalTenant(app: INestApplicationContext): Promise<Principal> {
  const slug = `eval-${randomUUID().slice(0, 8)}`;
  const adminEmail = `admin@${slug}.example`;
  const tenant = await app.get(TenantProvisioningService).createTenantWithAdmin({
    slug,
    name: `Evaluation ${slug}`,
    adminEmail,
    adminPassword: randomBytes(18).toString('base64url'),
  });
  const rows = await app
    .get(TenantDatabase)
    .run(
      tenant.id,
      (manager) =>
        manager.query(`SELECT id FROM users WHERE email = $1`, [adminEmail]) as Promise<
          { id: string }[]
        >,
    );

  return { tenantId: tenant.id, userId: (rows[0] as { id: string }).id, role: 'admin' };
}

async function loadCorpus(
  app: INestApplicationContext,
  principal: Principal,
  directory: string,
  files: readonly string[],
): Promise<{ fileByDocumentId: Map<string, string>; chunks: number }> {
  const documents = app.get(DocumentsService);
  const fileByDocumentId = new Map<string, string>();
  let chunks = 0;
  for (const file of files) {
    const text = await readFile(join(directory, file), 'utf8');
    const { document } = await documents
      .create(principal, {
        text,
        sourceFilename: file,
        mimeType: MIME_BY_EXTENSION[extname(file).toLowerCase()] as string,
      })
      .catch((error: unknown) => {
        throw new Error(
          `cannot load ${join(directory, file)}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      });
    // Two files with the same normalised text share one document; the first file name is kept.
    if (!fileByDocumentId.has(document.id)) {
      fileByDocumentId.set(document.id, file);
    }
    chunks += document.chunkCount;
  }

  return { fileByDocumentId, chunks };
}

async function askQuestion(
  app: INestApplicationContext,
  principal: Principal,
  question: EvalQuestion,
  mode: SearchMode,
  topK: number,
  fileByDocumentId: ReadonlyMap<string, string>,
): Promise<QuestionOutcome> {
  const search = await app
    .get(SearchService)
    .search(principal, { query: question.question, mode, topK });
  const rankedFiles = [
    ...new Set(
      search.passages.map(
        (passage) => fileByDocumentId.get(passage.documentId) ?? passage.documentId,
      ),
    ),
  ];
  const answer = await app
    .get(QueryService)
    .query(principal, question.language, { question: question.question, mode });

  return {
    questionId: question.id,
    type: question.type,
    mode,
    rankedFiles,
    relevant: question.relevant,
    outOfContext: answer.outOfContext,
  };
}

/**
 * Runs the evaluation and prints the table and the JSON report. Returns the process exit
 * status: 1 when any question failed, else 0.
 */
export async function runEvalCommand(
  args: string[],
  config: AppConfig,
  output: EvalOutput,
  errors: EvalOutput,
): Promise<number> {
  const options = parseEvalOptions(args);
  const files = await listCorpusFiles(options.corpusDir);
  const questions = await readQuestions(options.questionsFile, new Set(files));

  const app = await createEvalContext(config, errors);
  let principal: Principal | undefined;
  try {
    principal = await createEvalTenant(app);
    const corpus = await loadCorpus(app, principal, options.corpusDir, files);
    errors.write(
      `loaded ${files.length} files (${corpus.chunks} chunks) into tenant ${principal.tenantId}\n`,
    );

    const failures: QuestionFailure[] = [];
    const modes: ModeReport[] = [];
    for (const mode of options.modes) {
      const outcomes: QuestionOutcome[] = [];
      for (const question of questions) {
        try {
          outcomes.push(
            await askQuestion(
              app,
              principal,
              question,
              mode,
              options.topK,
              corpus.fileByDocumentId,
            ),
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.push({ questionId: question.id, mode, error: message });
          errors.write(`question ${question.id} failed in ${mode} mode: ${message}\n`);
        }
      }
      modes.push(scoreMode(mode, outcomes));
    }

    const report: EvalReport = {
      corpus: {
        directory: options.corpusDir,
        documents: corpus.fileByDocumentId.size,
        chunks: corpus.chunks,
      },
      questions: questions.length,
      topK: options.topK,
      modes,
      failures,
    };
    const json = `${JSON.stringify(report, null, 2)}\n`;
    output.write(`${renderTable(modes)}\n${json}`);
    if (options.jsonFile) {
      await writeFile(options.jsonFile, json);
    }

    return failures.length > 0 ? 1 : 0;
  } finally {
    await removeEvalTenant(app, config, principal);
    await app.close();
  }
}

/** Deletes the evaluation tenant from a PostgreSQL server; the in-memory database just ends. */
async function removeEvalTenant(
  app: INestApplicationContext,
  config: AppConfig,
  principal: Principal | undefined,
): Promise<void> {
  if (!principal || config.isEmbeddedDatabase) {
    return;
  }
  await app
    .get(TenantDatabase)
    .run(principal.tenantId, (manager) =>
      app.get(TenantsRepository).delete(manager, principal.tenantId),
    );
}
