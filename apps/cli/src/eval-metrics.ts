/** Question type whose questions the material does not cover; the answer must abstain. */
export const OUT_OF_CONTEXT_TYPE = 'out_of_context';

/** One question of the evaluation set, in the format of the shared corpus's questions.json. */
export interface EvalQuestion {
  id: string;
  question: string;
  language: 'it' | 'en';
  /** File names of the documents that answer the question; empty for out-of-context questions. */
  relevant: string[];
  answer_keywords: string[];
  type: string;
}

/** Outcome of one question in one mode of the evaluation. */
export interface QuestionOutcome {
  questionId: string;
  type: string;
  mode: string;
  /** Distinct file names of the retrieved passages, best first. */
  rankedFiles: string[];
  relevant: string[];
  outOfContext: boolean;
}

export interface RankingScores {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
}

export interface AbstentionScores {
  outOfContextQuestions: number;
  /** Out-of-context questions the answer abstained on. */
  abstained: number;
  /** Answerable questions the answer abstained on. */
  wrongAbstentions: number;
  /** Share of abstentions that were out-of-context questions; null when it never abstained. */
  precision: number | null;
  /** Share of out-of-context questions it abstained on; null when there were none. */
  recall: number | null;
}

export interface ModeReport {
  mode: string;
  /** Ranking scores per question type, plus `all` over every answerable question. */
  byType: Record<string, RankingScores>;
  outOfContext: AbstentionScores;
}

/** Share of the relevant files among the first k ranked files. */
export function recallAt(outcome: QuestionOutcome, k: number): number {
  const top = new Set(outcome.rankedFiles.slice(0, k));

  return outcome.relevant.filter((file) => top.has(file)).length / outcome.relevant.length;
}

/** 1 / rank of the first relevant file, or 0 when none was retrieved. */
export function reciprocalRank(outcome: QuestionOutcome): number {
  const rank = outcome.rankedFiles.findIndex((file) => outcome.relevant.includes(file));

  return rank < 0 ? 0 : 1 / (rank + 1);
}

function rankingScores(outcomes: readonly QuestionOutcome[]): RankingScores {
  const mean = (score: (outcome: QuestionOutcome) => number) =>
    outcomes.reduce((sum, outcome) => sum + score(outcome), 0) / outcomes.length;

  return {
    questions: outcomes.length,
    recallAt1: mean((outcome) => recallAt(outcome, 1)),
    recallAt5: mean((outcome) => recallAt(outcome, 5)),
    mrr: mean(reciprocalRank),
  };
}

function abstentionScores(outcomes: readonly QuestionOutcome[]): AbstentionScores {
  const outOfContext = outcomes.filter((outcome) => outcome.type === OUT_OF_CONTEXT_TYPE);
  const abstained = outOfContext.filter((outcome) => outcome.outOfContext).length;
  const wrongAbstentions = outcomes.filter(
    (outcome) => outcome.type !== OUT_OF_CONTEXT_TYPE && outcome.outOfContext,
  ).length;
  const flagged = abstained + wrongAbstentions;

  return {
    outOfContextQuestions: outOfContext.length,
    abstained,
    wrongAbstentions,
    precision: flagged === 0 ? null : abstained / flagged,
    recall: outOfContext.length === 0 ? null : abstained / outOfContext.length,
  };
}

/** Scores the outcomes of one mode: ranking per question type and abstention. */
export function scoreMode(mode: string, outcomes: readonly QuestionOutcome[]): ModeReport {
  const answerable = outcomes.filter((outcome) => outcome.type !== OUT_OF_CONTEXT_TYPE);
  const types = [...new Set(answerable.map((outcome) => outcome.type))].sort();
  const byType: Record<string, RankingScores> = {};
  for (const type of types) {
    byType[type] = rankingScores(answerable.filter((outcome) => outcome.type === type));
  }
  if (answerable.length > 0) {
    byType.all = rankingScores(answerable);
  }

  return { mode, byType, outOfContext: abstentionScores(outcomes) };
}

const score = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(3));

/** Renders the reports as a fixed-width table, one block per mode. */
export function renderTable(reports: readonly ModeReport[]): string {
  const lines = [
    'mode     type            n  recall@1  recall@5    MRR',
    '-------  -------------  --  --------  --------  -----',
  ];
  for (const report of reports) {
    for (const [type, scores] of Object.entries(report.byType)) {
      lines.push(
        `${report.mode.padEnd(7)}  ${type.padEnd(13)}  ${String(scores.questions).padStart(2)}  ` +
          `${score(scores.recallAt1).padStart(8)}  ${score(scores.recallAt5).padStart(8)}  ${score(scores.mrr).padStart(5)}`,
      );
    }
  }
  lines.push('', 'mode     out-of-context precision  recall  abstained  answerable abstained');
  for (const report of reports) {
    const abstention = report.outOfContext;
    lines.push(
      `${report.mode.padEnd(7)}  ${score(abstention.precision).padStart(24)}  ${score(abstention.recall).padStart(6)}  ` +
        `${`${abstention.abstained}/${abstention.outOfContextQuestions}`.padStart(9)}  ${String(abstention.wrongAbstentions).padStart(20)}`,
    );
  }

  return `${lines.join('\n')}\n`;
}
