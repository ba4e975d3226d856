import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readServerlessYml, resolveFixedValue } from '../../../scripts/local/serverless-yml.ts';

type Resolver = (variable: string) => Promise<unknown>;
const dashboard = createRequire(import.meta.url)('../../../scripts/serverless/dashboard.cjs') as (input: { resolveVariable: Resolver }) => Promise<string>;

const STAGE = 'prod';
const yml = readServerlessYml() as {
  service: string;
  functions: Record<string, unknown>;
  resources: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
};

/** What serverless hands the generator: a value of serverless.yml with its `${self:...}` and `${sls:stage}` resolved. */
function resolved(value: unknown): unknown {
  if (typeof value === 'string') return resolveFixedValue(yml, value, STAGE) ?? value;
  if (Array.isArray(value)) return value.map(resolved);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolved(inner)]));
  return value;
}
const resolveVariable: Resolver = async (variable) => {
  if (variable === 'sls:stage') return STAGE;
  if (variable === 'self:provider.region') return 'us-east-1';
  const path = /^self:(.+)$/.exec(variable)?.[1];
  if (!path) throw new Error(`the generator asked for ${variable}`);
  return resolved(path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], yml));
};

interface Widget {
  type: string;
  properties: { title: string; region: string; metrics: unknown[][] };
}

describe('the CloudWatch dashboard (serverless.yml resources.Resources.Dashboard)', async () => {
  const body = await dashboard({ resolveVariable });
  const widgets = (JSON.parse(body) as { widgets: Widget[] }).widgets;
  const referenced = new Set(widgets.flatMap((widget) => widget.properties.metrics.flat().filter((part) => typeof part === 'string')));

  it('is built from serverless.yml by scripts/serverless/dashboard.cjs, as valid JSON of metric widgets', () => {
    expect(yml.resources.Resources.Dashboard).toMatchObject({
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: { DashboardBody: '${file(./scripts/serverless/dashboard.cjs)}' },
    });
    expect(widgets.length).toBeGreaterThan(0);
    for (const widget of widgets) {
      expect(widget.type).toBe('metric');
      expect(widget.properties.region).toBe('us-east-1');
      expect(widget.properties.metrics.length, widget.properties.title).toBeGreaterThan(0);
    }
  });

  it('shows every function serverless.yml declares', () => {
    const functions = Object.keys(yml.functions);
    expect(functions.length).toBeGreaterThan(20);
    for (const key of functions) expect(referenced, key).toContain(`${yml.service}-${STAGE}-${key}`);
  });

  it('shows every queue and dead-letter queue serverless.yml declares', () => {
    const queues = Object.values(yml.resources.Resources)
      .filter((resource) => resource.Type === 'AWS::SQS::Queue')
      .map((resource) => resolveFixedValue(yml, resource.Properties?.QueueName, STAGE));
    expect(queues).toHaveLength(8);
    for (const queue of queues) expect(referenced, queue).toContain(queue);
  });

  it('has a widget for latency, errors, queue depth and age, dead letters, consumer errors and throttles', () => {
    const metricNames = new Set(widgets.flatMap((widget) => widget.properties.metrics.map((metric) => `${metric[0]}/${metric[1]}`)));
    for (const name of [
      'AWS/Lambda/Duration',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateAgeOfOldestMessage',
      'Conduit/DeliveriesParked',
    ]) {
      expect(metricNames, name).toContain(name);
    }
    const searches = widgets.flatMap((widget) => widget.properties.metrics.flatMap((metric) => (metric[0] as { expression?: string }).expression ?? []));
    for (const metric of ['Requests', 'EventsPublished', 'EventsProcessed', 'Lag', 'FanOutSize']) {
      expect(
        searches.some((expression) => expression.includes(`MetricName="${metric}"`)),
        metric,
      ).toBe(true);
    }
  });
});
