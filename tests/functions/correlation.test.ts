import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postponeDelivery } from '#lib/db/outbox';
import type { QueueMessage } from '#lib/events/domain-events';
import { logger } from '#lib/powertools';
import { handler as feedFanout } from '../../functions/consumers/feed-fanout.ts';
import { handler as sweep } from '../../functions/schedules/outbox-sweeper.ts';
import { lambdaContext } from '../support/http-event.ts';
import { captureOutput, emfLines, logRecords } from '../support/output.ts';
import { outboxDelivery, receiveAll, useBackend } from '../support/queues.ts';
import { registerFreshUser } from '../support/users.ts';
import { request } from './support/conduit.ts';
import { sqsEvent } from './support/queue.ts';

// The request's messages are read off the queues themselves: this file has a table and an SQS emulator of its
// own, pointed at before any test runs (lib reads its endpoints on first use).
const backend = await useBackend({ table: 'own', queues: 'own' });
afterAll(() => backend.close());
await backend.assertLibUsesIt();
// The request and message lines are written at info.
beforeAll(() => logger.setLogLevel('INFO'));

/** What was written while `action` ran: log records and metric lines. */
async function written<T>(action: () => Promise<T>) {
  const output = captureOutput();
  try {
    const result = await action();
    return { result, logs: logRecords(output.lines), metrics: emfLines(output.lines) };
  } finally {
    output.restore();
  }
}

describe('a correlation id follows a request into everything it causes', () => {
  it('answered in x-correlation-id, stored on the outbox delivery, carried by the message (body and attribute), logged by the consumer and kept by the sweeper', async () => {
    const author = await registerFreshUser('author');
    const {
      result: response,
      logs: requestLogs,
      metrics,
    } = await written(() => request('POST /api/articles', { token: author.token, body: { article: { title: 'Correlated', description: 'd', body: 'b' } } }));
    expect(response.status).toBe(201);
    const id = String(response.headers['x-correlation-id']);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLogs).toContainEqual(expect.objectContaining({ message: 'request', correlation_id: id, route: 'POST /api/articles', status: 201 }));
    expect(metrics).toContainEqual(expect.objectContaining({ route: 'POST /api/articles', status: '201', Requests: 1, correlation_id: id }));
    expect(metrics).toContainEqual(expect.objectContaining({ queue: 'feed', type: 'ArticlePublished', EventsPublished: 1 }));

    const [sent, ...more] = await receiveAll(backend, 'feed');
    expect(more).toEqual([]);
    const message = JSON.parse(String(sent?.Body)) as QueueMessage;
    expect(message.correlationId).toBe(id);
    expect(sent?.MessageAttributes?.correlationId?.StringValue).toBe(id);
    expect(await outboxDelivery(message.eventId, 'feed')).toMatchObject({ correlationId: id });

    // The sweeper's resend carries the id the delivery stored.
    await postponeDelivery(message.eventId, 'feed', -1);
    const { logs: sweepLogs } = await written(() => sweep());
    expect(sweepLogs).toContainEqual(expect.objectContaining({ message: 'delivery resent', eventId: message.eventId, correlation_id: id }));
    const [resent] = await receiveAll(backend, 'feed');
    expect(JSON.parse(String(resent?.Body))).toEqual(message);
    expect(resent?.MessageAttributes?.correlationId?.StringValue).toBe(id);

    // The consumer's lines for that record carry it, and the ones after the record do not.
    const { result: consumed, logs: consumerLogs } = await written(() => feedFanout(sqsEvent([message]), lambdaContext('feedFanout')));
    expect(consumed.batchItemFailures).toEqual([]);
    expect(consumerLogs).toContainEqual(
      expect.objectContaining({ message: 'message processed', correlation_id: id, eventId: message.eventId, function_name: 'feedFanout' }),
    );
    expect(logger.getCorrelationId()).toBeUndefined();
  });

  it("logs a record whose body does not parse under its message attribute's id", async () => {
    const event = sqsEvent([]);
    const [record] = sqsEvent([{ eventId: 'x', queue: 'feed', event: { type: 'UserFollowed', readerId: 'r', authorId: 'a' } }]).Records;
    event.Records = [{ ...record!, body: '{"eventId": ', messageAttributes: { correlationId: { dataType: 'String', stringValue: 'the-request-id' } } }];
    const { result, logs } = await written(() => feedFanout(event, lambdaContext('feedFanout')));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record!.messageId }]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'message failed', correlation_id: 'the-request-id' }));
  });
});
