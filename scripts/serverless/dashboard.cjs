'use strict';

// The CloudWatch dashboard's body (serverless.yml resources.Resources.Dashboard), built by serverless from
// serverless.yml itself (`${file(./scripts/serverless/dashboard.cjs)}`): every function and queue it declares
// gets its widgets, so a function or queue added there is on the dashboard without touching this file.
// tests/unit/scripts/dashboard.test.ts checks the JSON and that nothing declared is missing.

const PERIOD = 300;

/** Serverless's default function name. */
const functionName = (service, stage, key, fn) => fn.name ?? `${service}-${stage}-${key}`;

const widget = (title, metrics, region, options = {}) => ({
  type: 'metric',
  width: options.width ?? 12,
  height: 6,
  properties: { title, region, metrics, period: PERIOD, view: 'timeSeries', stacked: false, ...options.properties },
});

/** A metric math SEARCH over the app's EMF metrics (lib/powertools.ts): one line per dimension value. */
const search = (id, query, stat) => [[{ expression: `SEARCH('${query}', '${stat}', ${PERIOD})`, id }]];

/**
 * @param {{ service: string, stage: string, region: string, functions: Record<string, any>, queues: { name: string, deadLetterQueue: string }[] }} app
 */
function dashboardBody({ service, stage, region, functions, queues }) {
  const entries = Object.entries(functions);
  const routes = entries.flatMap(([key, fn]) => {
    const api = fn.events?.find((event) => event.httpApi)?.httpApi;
    return api ? [{ name: functionName(service, stage, key, fn), label: `${api.method} ${api.path}` }] : [];
  });
  const consumers = entries.filter(([, fn]) => fn.events?.some((event) => event.sqs)).map(([key, fn]) => functionName(service, stage, key, fn));
  const schedules = entries.filter(([, fn]) => fn.events?.some((event) => event.schedule)).map(([key, fn]) => functionName(service, stage, key, fn));
  const everyFunction = entries.map(([key, fn]) => functionName(service, stage, key, fn));
  const workQueues = queues.map((queue) => queue.name);
  const deadLetterQueues = queues.map((queue) => queue.deadLetterQueue);
  const emf = `{Conduit,Stage,service,`;
  const ofStage = `Stage="${stage}"`;

  const widgets = [
    widget(
      'API latency by route (p99, ms)',
      routes.map(({ name, label }) => ['AWS/Lambda', 'Duration', 'FunctionName', name, { stat: 'p99', label }]),
      region,
    ),
    widget(
      'API errors by route (function errors)',
      routes.map(({ name, label }) => ['AWS/Lambda', 'Errors', 'FunctionName', name, { stat: 'Sum', label }]),
      region,
    ),
    widget('Requests by route and status', search('requests', `${emf}route,status} MetricName="Requests" ${ofStage}`, 'Sum'), region),
    widget('Server errors (5xx) by route', search('errors5xx', `${emf}route,status} MetricName="Requests" status="500" ${ofStage}`, 'Sum'), region),
    widget(
      'Queue depth (visible messages)',
      workQueues.map((name) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', name, { stat: 'Maximum' }]),
      region,
    ),
    widget(
      'Age of oldest message (s)',
      workQueues.map((name) => ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', name, { stat: 'Maximum' }]),
      region,
    ),
    widget(
      'Dead-letter queue depth',
      deadLetterQueues.map((name) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', name, { stat: 'Maximum' }]),
      region,
    ),
    widget(
      'Consumer and schedule errors',
      [...consumers, ...schedules].map((name) => ['AWS/Lambda', 'Errors', 'FunctionName', name, { stat: 'Sum' }]),
      region,
    ),
    widget(
      'Throttles',
      everyFunction.map((name) => ['AWS/Lambda', 'Throttles', 'FunctionName', name, { stat: 'Sum' }]),
      region,
    ),
    widget('Events published by type', search('published', `${emf}queue,type} MetricName="EventsPublished" ${ofStage}`, 'Sum'), region),
    widget('Events processed by consumer and type', search('processed', `${emf}consumer,type} MetricName="EventsProcessed" ${ofStage}`, 'Sum'), region),
    widget('Consumer lag, send to done (p99, ms)', search('lag', `${emf}consumer,type} MetricName="Lag" ${ofStage}`, 'p99'), region),
    widget('Fan-out size (followers per step)', search('fanout', `${emf}consumer,type} MetricName="FanOutSize" ${ofStage}`, 'Sum'), region),
    widget(
      'Outbox: parked and resent deliveries',
      [
        ['Conduit', 'DeliveriesParked', 'service', service, 'Stage', stage, { stat: 'Sum' }],
        ['Conduit', 'DeliveriesResent', 'service', service, 'Stage', stage, { stat: 'Sum' }],
      ],
      region,
    ),
  ];
  return JSON.stringify({ widgets });
}

/** The logical id a CloudFormation `Fn::GetAtt: [Id, Arn]` names. */
const logicalIdOf = (arn) => arn?.['Fn::GetAtt']?.[0];

/**
 * Serverless's variable resolver calls this (`${file(./scripts/serverless/dashboard.cjs)}`). The queues are the
 * ones the consumers read, with their dead-letter queues: each resource is resolved on its own, since resolving
 * all of resources.Resources would include the dashboard itself, a circular reference.
 */
module.exports = async ({ resolveVariable }) => {
  const functions = await resolveVariable('self:functions');
  const queueIds = Object.values(functions).flatMap((fn) => (fn.events ?? []).flatMap((event) => (event.sqs ? [logicalIdOf(event.sqs.arn)] : [])));
  const queues = await Promise.all(
    queueIds.map(async (id) => {
      const queue = await resolveVariable(`self:resources.Resources.${id}`);
      const deadLetterQueue = await resolveVariable(`self:resources.Resources.${logicalIdOf(queue.Properties.RedrivePolicy.deadLetterTargetArn)}`);
      return { name: queue.Properties.QueueName, deadLetterQueue: deadLetterQueue.Properties.QueueName };
    }),
  );
  return dashboardBody({
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
    region: await resolveVariable('self:provider.region'),
    functions,
    queues,
  });
};
module.exports.dashboardBody = dashboardBody;
module.exports.logicalIdOf = logicalIdOf;
