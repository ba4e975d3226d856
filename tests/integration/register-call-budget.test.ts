import { afterEach, describe, expect, it } from 'vitest';
import { handler as register } from '../../functions/users/register.ts';
import { type DynamoDbCallRecorder, recordDynamoDbCalls } from '../support/dynamodb-calls.ts';
import { invoke } from '../support/http-event.ts';
import { uniqueName } from '../support/unique.ts';
import { registerFreshUser } from '../support/users.ts';

describe('POST /api/users, against DynamoDB Local', () => {
  let recorder: DynamoDbCallRecorder | undefined;
  afterEach(() => recorder?.stop());

  it('registers with one transaction after the per-address limit’s counter: two round trips, never a scan', async () => {
    const username = uniqueName('budget');
    recorder = recordDynamoDbCalls();

    const response = await invoke(register, {
      method: 'POST',
      path: '/api/users',
      body: { user: { username, email: `${username}@example.com`, password: 'correct horse battery staple' } },
    });

    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ username, bio: null, image: null });
    // The per-address registration limit's counter (one conditional UpdateItem) comes first.
    expect(recorder.operations).toEqual(['UpdateItem', 'TransactWriteItems']);
    expect(recorder.roundTrips).toBe(2);
    expect(recorder.countOf('Scan')).toBe(0);
  });

  it('answers a taken username with 409 after that same single transaction', async () => {
    const taken = await registerFreshUser('taken');
    recorder = recordDynamoDbCalls();

    const response = await invoke(register, {
      method: 'POST',
      path: '/api/users',
      body: { user: { username: taken.username, email: `${uniqueName('other')}@example.com`, password: 'another long password' } },
    });

    expect(response.status).toBe(409);
    expect(response.body).toEqual({ errors: { username: ['has already been taken'] } });
    expect(recorder.count).toBe(2);
    expect(recorder.countOf('TransactWriteItems')).toBe(1);
    expect(recorder.countOf('Scan')).toBe(0);
  });

  it('stops recording once stopped', async () => {
    recorder = recordDynamoDbCalls();
    recorder.stop();
    await registerFreshUser('unrecorded');
    expect(recorder.count).toBe(0);
  });
});
