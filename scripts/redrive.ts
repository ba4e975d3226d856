// npm run redrive -- <queue|all> [--stage <stage>] [--region <region>]
// Sends parked outbox deliveries again: each goes back to its queue's pending list, due now, with its
// attempts counted afresh, and is sent at once (the sweeper would send it within a minute anyway).
// Without --stage it works on a running `npm start` (DYNAMODB_PORT, SQS_PORT, TABLE_NAME as given to it,
// QUEUE_NAME_PREFIX for another stack's queues);
// with --stage it works on that deployed stage's table and queues, with the AWS credentials of the shell.
import './local/quiet-sdk.ts';
import { QUEUES } from '../lib/events/domain-events.ts';
import { redriveParked } from '../lib/jobs/redrive.ts';
import { readServerlessYml } from './local/serverless-yml.ts';
import { dynamodbEndpoint, STAGE, settingsFromEnv, sqsEndpoint } from './local/settings.ts';

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

/** Points lib at the local stack or a deployed stage; lib reads its configuration on first use, after this. */
function configure(stage: string | undefined, region: string | undefined) {
  const service = String(readServerlessYml().service);
  if (stage === undefined || stage === STAGE) {
    const settings = settingsFromEnv();
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: dynamodbEndpoint(settings),
      SQS_ENDPOINT: sqsEndpoint(settings),
      TABLE_NAME: settings.tableName,
      QUEUE_NAME_PREFIX: process.env.QUEUE_NAME_PREFIX || `${service}-${STAGE}`,
      AWS_REGION: region ?? 'us-east-1',
    });
  } else {
    Object.assign(process.env, { TABLE_NAME: `${service}-${stage}`, QUEUE_NAME_PREFIX: `${service}-${stage}`, STAGE: stage });
    delete process.env.DYNAMODB_ENDPOINT;
    delete process.env.SQS_ENDPOINT;
    if (region) process.env.AWS_REGION = region;
  }
}

async function main() {
  const { queues, stage, region } = parseArgs(process.argv.slice(2));
  configure(stage, region);
  for (const queue of queues) {
    const { redriven, resent } = await redriveParked(queue);
    console.log(`${queue}: ${redriven} parked deliver${redriven === 1 ? 'y' : 'ies'} redriven, ${resent} sent`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
