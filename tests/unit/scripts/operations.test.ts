import { describe, expect, it } from 'vitest';
import { readServerlessYml } from '../../../scripts/local/serverless-yml.ts';

type Resource = { Type: string; Properties?: Record<string, any> };
interface FunctionDefinition {
  handler: string;
  reservedConcurrency?: number;
  events?: { sqs?: { maximumConcurrency?: number }; schedule?: unknown; httpApi?: unknown }[];
}

const yml = readServerlessYml() as { functions: Record<string, FunctionDefinition>; resources: { Resources: Record<string, Resource> } };
const resources = Object.entries(yml.resources.Resources);
const alarms = resources.filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm').map(([, resource]) => resource.Properties!);
const deadLetterQueues = new Set(
  resources.flatMap(([, resource]) =>
    resource.Type === 'AWS::SQS::Queue' && resource.Properties?.RedrivePolicy ? [resource.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]] : [],
  ),
);
// Serverless names a function's resource after its key: feedFanout → FeedFanoutLambdaFunction.
const logicalId = (key: string) => `${key[0]!.toUpperCase()}${key.slice(1)}LambdaFunction`;
const alarmed = (metric: string, dimension: (value: any) => boolean) =>
  alarms.some((alarm) => alarm.MetricName === metric && alarm.Dimensions?.some((d: any) => dimension(d.Value)));
const background = Object.entries(yml.functions).filter(([, fn]) => fn.events?.some((event) => event.sqs || event.schedule));

describe('serverless.yml operations', () => {
  it('moves a message to its dead-letter queue only after at least five receives', () => {
    const policies = resources.flatMap(([, resource]) =>
      resource.Type === 'AWS::SQS::Queue' && resource.Properties?.RedrivePolicy ? [resource.Properties.RedrivePolicy] : [],
    );
    expect(policies).toHaveLength(4);
    for (const policy of policies) expect(policy.maxReceiveCount).toBeGreaterThanOrEqual(5);
  });

  it('alarms on the visible messages of every dead-letter queue', () => {
    expect(deadLetterQueues.size).toBe(4);
    for (const queue of deadLetterQueues)
      expect(
        alarmed('ApproximateNumberOfMessagesVisible', (value) => value?.['Fn::GetAtt']?.[0] === queue),
        queue,
      ).toBe(true);
  });

  it('alarms on the errors and throttles of every consumer and schedule, and on the API answering 5xx', () => {
    expect(background.length).toBe(6);
    for (const [key] of background) {
      expect(
        alarmed('Errors', (value) => value?.Ref === logicalId(key)),
        `${key} errors`,
      ).toBe(true);
      expect(
        alarmed('Throttles', (value) => value?.Ref === logicalId(key)),
        `${key} throttles`,
      ).toBe(true);
    }
    expect(alarmed('5xx', (value) => value?.Ref === 'HttpApi')).toBe(true);
  });

  it('alarms on parked outbox deliveries, the metric the sweeper publishes', () => {
    // The dimensions the sweeper's EMF line carries (lib/powertools.ts; tests/functions/schedules/outbox-sweeper.test.ts):
    // an alarm on any other set watches a metric nobody writes.
    expect(alarms.filter((alarm) => alarm.MetricName === 'DeliveriesParked')).toEqual([
      expect.objectContaining({
        Namespace: 'Conduit',
        Dimensions: [
          { Name: 'service', Value: '${self:service}' },
          { Name: 'Stage', Value: '${sls:stage}' },
        ],
      }),
    ]);
  });

  it('bounds the concurrency of every consumer and schedule, so a backlog cannot starve the API', () => {
    for (const [key, fn] of background) {
      const bounded = fn.reservedConcurrency !== undefined || fn.events!.every((event) => !event.sqs || event.sqs.maximumConcurrency !== undefined);
      expect(bounded, key).toBe(true);
    }
  });

  it('lets no role update or delete an audit entry: every role that may update or delete items is denied it on AUDIT', () => {
    type Statement = { Effect: string; Action: string | string[]; Condition?: Record<string, Record<string, string[]>> };
    const roles = resources.filter(([, resource]) => resource.Type === 'AWS::IAM::Role');
    const actions = (statement: Statement) => [statement.Action].flat();
    const writers = roles.filter(([, role]) =>
      (role.Properties!.Policies as { PolicyDocument: { Statement: Statement[] } }[]).some((policy) =>
        policy.PolicyDocument.Statement.some(
          (statement) => statement.Effect === 'Allow' && actions(statement).some((action) => /UpdateItem|DeleteItem/.test(action)),
        ),
      ),
    );
    expect(writers.map(([name]) => name).sort()).toEqual(['ApiRole', 'ConsumerRole', 'MaintenanceRole']);
    for (const [name, role] of writers) {
      const statements = (role.Properties!.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((policy) => policy.PolicyDocument.Statement);
      const denied = statements.find(
        (statement) => statement.Effect === 'Deny' && statement.Condition?.['ForAnyValue:StringEquals']?.['dynamodb:LeadingKeys']?.includes('AUDIT'),
      );
      expect(denied && actions(denied), name).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
    }
  });
});
