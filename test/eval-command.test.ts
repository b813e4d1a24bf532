import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

import { type AppConfig, loadAppConfig } from '@fisiorag/config';
import { APP_ROLE, migrateDatabase } from '@fisiorag/database';

import { type EvalReport, parseEvalOptions, runEvalCommand } from '../apps/cli/src/eval-command';
import { TEST_TARGET } from './support/test-app';

const FIXTURES = resolve(__dirname, 'fixtures/eval');
const QUESTIONS = join(FIXTURES, 'questions.json');

/** Collects what the command writes to one stream. */
class Captured {
  text = '';

  write(chunk: string): void {
    this.text += chunk;
  }
}

/** Migrates the service database as the owner and lets the test login act as the app role. */
async function preparePostgres(): Promise<Record<string, string>> {
  const url = process.env.TEST_DATABASE_URL;
  const ownerUrl = process.env.TEST_MIGRATIONS_DATABASE_URL ?? url;
  if (!url || !ownerUrl) {
    throw new Error(
      'FISIORAG_TEST_TARGET=postgres needs TEST_DATABASE_URL: run scripts/prepare-test-database.sh',
    );
  }
  await migrateDatabase({ url: ownerUrl, vectorDimension: 1536 });
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(`GRANT ${APP_ROLE} TO ${owner.escapeIdentifier(new URL(url).username)}`);
  } finally {
    await owner.end();
  }

  return { DATABASE_URL: url };
}

/** Reads the JSON report that follows the table in the command's output. */
function jsonReport(output: string): EvalReport {
  return JSON.parse(output.slice(output.indexOf('\n{') + 1)) as EvalReport;
}

describe('eval command', () => {
  let config: AppConfig;
  let scratch: string;

  beforeAll(async () => {
    const target = TEST_TARGET === 'postgres' ? await preparePostgres() : {};
    config = loadAppConfig({
      APP_ENV: 'test',
      LOG_LEVEL: 'warn',
      JWT_SECRET_KEY: randomBytes(32).toString('hex'),
      DATABASE_POOL_SIZE: '4',
      ...target,
    });
    scratch = await mkdtemp(join(tmpdir(), 'fisiorag-eval-test-'));
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reports every mode and question type', async () => {
    const output = new Captured();
    const errors = new Captured();
    const jsonFile = join(scratch, 'report.json');

    const status = await runEvalCommand(
      ['--corpus', FIXTURES, '--questions', QUESTIONS, '--json', jsonFile],
      config,
      output,
      errors,
    );

    expect(status).toBe(0);
    expect(errors.text).toContain('loaded 7 files');
    expect(output.text).toMatch(/^mode +type +n +recall@1 +recall@5 +MRR$/m);
    expect(output.text).toMatch(/^mode +out-of-context precision +recall/m);
    const report = jsonReport(output.text);
    expect(JSON.parse(await readFile(jsonFile, 'utf8'))).toEqual(report);
    expect(report.failures).toEqual([]);
    expect(report.corpus.documents).toBe(7);
    expect(report.questions).toBe(9);
    expect(report.modes.map((mode) => mode.mode)).toEqual(['hybrid', 'vector', 'keyword']);
    for (const mode of report.modes) {
      expect(Object.keys(mode.byType)).toEqual(['lexical', 'multi_doc', 'paraphrase', 'all']);
      expect(mode.byType.lexical?.questions).toBe(4);
      expect(mode.byType.all?.questions).toBe(7);
      expect(mode.outOfContext.outOfContextQuestions).toBe(2);
      for (const scores of Object.values(mode.byType)) {
        for (const value of [scores.recallAt1, scores.recallAt5, scores.mrr]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }
    }
  }, 120000);

  it('finds the lexical questions in hybrid mode', async () => {
    const output = new Captured();

    const status = await runEvalCommand(
      ['--corpus', FIXTURES, '--questions', QUESTIONS, '--mode', 'hybrid'],
      config,
      output,
      new Captured(),
    );

    expect(status).toBe(0);
    const [hybrid] = jsonReport(output.text).modes;
    expect(hybrid?.mode).toBe('hybrid');
    expect(hybrid?.byType.lexical?.recallAt1).toBe(1);
    expect(hybrid?.byType.lexical?.mrr).toBe(1);
    expect(hybrid?.outOfContext.abstained).toBe(2);
    expect(hybrid?.outOfContext.recall).toBe(1);
  }, 120000);

  it('rejects a relevant file missing from the corpus', async () => {
    const questions = join(scratch, 'unknown-file.json');
    await writeFile(
      questions,
      JSON.stringify([
        {
          id: 'x1',
          question: 'Test di Phalen?',
          language: 'it',
          relevant: ['missing.md'],
          answer_keywords: [],
          type: 'lexical',
        },
      ]),
    );

    await expect(
      runEvalCommand(
        ['--corpus', FIXTURES, '--questions', questions],
        config,
        new Captured(),
        new Captured(),
      ),
    ).rejects.toThrow(
      'invalid question #1 (x1) in the questions file: "relevant" names files that are not in the corpus: missing.md',
    );
  });

  it('rejects a questions file that is not an array', async () => {
    const questions = join(scratch, 'object.json');
    await writeFile(questions, '{"id": "q1"}');

    await expect(
      runEvalCommand(
        ['--corpus', FIXTURES, '--questions', questions],
        config,
        new Captured(),
        new Captured(),
      ),
    ).rejects.toThrow(`the questions file ${questions} must contain a non-empty JSON array`);
  });

  it('rejects a question with an invalid language', async () => {
    const questions = join(scratch, 'language.json');
    await writeFile(
      questions,
      JSON.stringify([
        { id: 'x2', question: 'Test?', language: 'fr', relevant: [], type: 'out_of_context' },
      ]),
    );

    await expect(
      runEvalCommand(
        ['--corpus', FIXTURES, '--questions', questions],
        config,
        new Captured(),
        new Captured(),
      ),
    ).rejects.toThrow(
      'invalid question #1 (x2) in the questions file: "language" must be "it" or "en"',
    );
  });

  it('rejects a corpus folder without documents', async () => {
    const empty = await mkdtemp(join(scratch, 'empty-'));

    await expect(
      runEvalCommand(
        ['--corpus', empty, '--questions', QUESTIONS],
        config,
        new Captured(),
        new Captured(),
      ),
    ).rejects.toThrow(`the corpus folder ${empty} contains no .md, .markdown or .txt file`);
  });

  it('rejects missing and invalid options', () => {
    expect(() => parseEvalOptions(['--corpus', FIXTURES])).toThrow(
      'missing option(s): --questions',
    );
    expect(() =>
      parseEvalOptions(['--corpus', FIXTURES, '--questions', QUESTIONS, '--mode', 'graph']),
    ).toThrow('invalid --mode "graph": use hybrid, vector, keyword or all');
    expect(() =>
      parseEvalOptions(['--corpus', FIXTURES, '--questions', QUESTIONS, '--top-k', '0']),
    ).toThrow('invalid --top-k "0": use an integer from 1 to 50');
    expect(() =>
      parseEvalOptions(['--corpus', FIXTURES, '--questions', QUESTIONS, '--verbose']),
    ).toThrow("Unknown option '--verbose'");
  });
});
