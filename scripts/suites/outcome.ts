/** What one run of an official suite (one Bruno folder, or the Postman collection) proved. */
export interface SuiteOutcome {
  suite: 'bruno' | 'newman';
  /** The folder, or the folders joined, that ran. */
  target: string;
  /** Requests the files define: fewer run means some were skipped or the runner stopped early. */
  expected: number;
  ran: number;
  failed: number;
  durationMs: number;
  /** Why the outcome is a failure, one line each; empty when it passed. */
  problems: string[];
  logFile: string;
}

export const passed = (outcome: SuiteOutcome) => outcome.problems.length === 0;

/** Checks every suite outcome must meet, whatever the runner's own exit code says. */
export function countProblems(outcome: Pick<SuiteOutcome, 'expected' | 'ran' | 'failed'>, exitCode: number | null): string[] {
  const problems: string[] = [];
  if (outcome.ran < outcome.expected) problems.push(`ran ${outcome.ran} of ${outcome.expected} requests`);
  if (outcome.failed > 0) problems.push(`${outcome.failed} request(s) failed`);
  if (exitCode !== 0) problems.push(`runner exited with ${exitCode}`);
  return problems;
}

/** A response body cut to a length that keeps a failure report readable. */
export const excerpt = (value: unknown, length = 300) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '' : text.length > length ? `${text.slice(0, length)}…` : text;
};
