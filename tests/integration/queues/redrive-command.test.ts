import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { config } from '#lib/config';
import { parkedDeliveries, postponeDelivery } from '#lib/db/outbox';
import type { QueueMessage } from '#lib/events/domain-events';
import { handler as sweep } from '../../../functions/schedules/outbox-sweeper.ts';
import { binary, repoRoot } from '../../../scripts/local/repo.ts';
import { createArticle } from '../../functions/support/articles.ts';
import { outboxDelivery, receiveAll, useBackend } from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';

// The documented command, run as a user runs it, against this file's own table and emulator (a local
// stack's, as far as the script can tell).
const backend = await useBackend({ table: 'own', queues: 'own' });
afterAll(() => backend.close());
await backend.assertLibUsesIt();

const portOf = (endpoint: string | undefined) => new URL(endpoint!).port;

describe('npm run redrive', () => {
  it('sends the parked deliveries of a queue again and leaves none parked', { timeout: 60_000 }, async () => {
    const author = await registerFreshUser('author');
    await createArticle(author.token);
    const [message] = (await receiveAll(backend, 'feed')).map((sent) => JSON.parse(sent.Body!) as QueueMessage);
    for (let sent = 0; sent < config().maxDeliveryAttempts; sent++) await postponeDelivery(message!.eventId, 'feed', -1);
    expect((await sweep()).parked).toBe(1);
    expect(await parkedDeliveries('feed', 10)).toEqual([message!.eventId]);

    const { stdout } = await promisify(execFile)(binary('tsx'), ['scripts/redrive.ts', 'all'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DYNAMODB_PORT: portOf(process.env.DYNAMODB_ENDPOINT),
        SQS_PORT: portOf(process.env.SQS_ENDPOINT),
        TABLE_NAME: config().tableName,
        QUEUE_NAME_PREFIX: config().queueNamePrefix,
      },
    });

    expect(stdout).toContain('feed: 1 parked delivery redriven, 1 sent');
    expect(stdout).toContain('follows: 0 parked deliveries redriven, 0 sent');
    expect(await parkedDeliveries('feed', 10)).toEqual([]);
    expect((await receiveAll(backend, 'feed')).map((sent) => JSON.parse(sent.Body!))).toEqual([message]);
    expect(await outboxDelivery(message!.eventId, 'feed')).toMatchObject({ attempts: 1 });
  });
});
