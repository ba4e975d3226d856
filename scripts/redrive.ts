// npm run redrive -- <queue|all> [--stage <stage>] [--region <region>]
// Sends parked outbox deliveries again: each goes back to its queue's pending list, due now, with its
// attempts counted afresh, and is sent at once (the sweeper would send it within a minute anyway).
// Without --stage it works on a running `npm start` (DYNAMODB_PORT, SQS_PORT, TABLE_NAME as given to it,
// QUEUE_NAME_PREFIX for another stack's queues);
// with --stage it works on that deployed stage's table and queues, with the AWS credentials of the shell.
import './local/quiet-sdk.ts';
import { QUEUES } from '../lib/events/domain-events.ts';
import { redriveParked } from '../lib/jobs/redrive.ts';
import { configureTarget } from './local/target.ts';

const usage = `usage: npm run redrive -- <${QUEUES.join('|')}|all> [--stage <stage>] [--region <region>]`;

function parseArgs(args: string[]) {
  const [target, ...options] = args;
  if (!target || !(target === 'all' || QUEUES.some((queue) => queue === target))) throw new Error(usage);
  let stage: string | undefined;
  let region: string | undefined;
  for (let i = 0; i < options.length; i += 2) {
    const [option, value] = [options[i], options[i + 1]];
    if (value === undefined) throw new Error(`${option} needs a value\n\n${usage}`);
    if (option === '--stage') stage = value;
    else if (option === '--region') region = value;
    else throw new Error(`unknown option ${option}\n\n${usage}`);
  }
  return { queues: QUEUES.filter((queue) => target === 'all' || queue === target), stage, region };
}

async function main() {
  const { queues, stage, region } = parseArgs(process.argv.slice(2));
  configureTarget(stage, region);
  for (const queue of queues) {
    const { redriven, resent } = await redriveParked(queue);
    console.log(`${queue}: ${redriven} parked deliver${redriven === 1 ? 'y' : 'ies'} redriven, ${resent} sent`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
