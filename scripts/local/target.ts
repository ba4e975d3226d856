// The table and queues a command line tool (npm run redrive, npm run admin) works on: a running `npm start`
// by default (DYNAMODB_PORT, SQS_PORT, TABLE_NAME as given to it, QUEUE_NAME_PREFIX for another stack's
// queues), or a deployed stage with --stage (and --region), with the AWS credentials of the shell.
import { readServerlessYml } from './serverless-yml.ts';
import { dynamodbEndpoint, STAGE, settingsFromEnv, sqsEndpoint } from './settings.ts';

/** Points lib at the local stack or a deployed stage; lib reads its configuration on first use, after this. */
export function configureTarget(stage: string | undefined, region: string | undefined) {
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
