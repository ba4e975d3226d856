// The floor a route's cold start and warm latency are measured against: the raw AWS clients, no framework,
// sending the calls the route's handler sent (recorded by the bench), round by round, each round's calls at once.
// Built with the handlers' esbuild settings, in two entry points so a route that never sends to a queue is not
// measured against a floor that loads the SQS client: replay-floor-handler.ts (DynamoDB) and
// replay-floor-queues-handler.ts (DynamoDB and SQS). A call the service refuses (a condition that no longer
// holds when the calls are sent again) would be a cheaper floor than the route's work: the bench sends conditions
// that hold and no idempotency token (scripts/bench/replay-input.ts), and stops if a replayed call is refused.
import { randomBytes } from 'node:crypto';
// node:crypto and nothing else: the hash the route computes, without any of the framework the floor leaves out.
import { hashPassword } from '../../lib/auth/password.ts';
import type { Service } from './call-recorder.ts';

export interface ReplayEvent {
  /** Each round's calls: the service, the operation and its input as sent on the wire (the low-level client's input). */
  rounds: { service: Service; operation: string; input: string }[][];
  /**
   * The scrypt parameters of the one password hash the route computes (register hashes, login verifies), which
   * the floor computes too: it is the route's work, not the framework's, as its calls are.
   */
  passwordHash?: { N: number; r: number; p: number };
}

/** Sends one operation with its wire input; resolves whatever the service answers. */
export type Sender = (operation: string, input: unknown) => Promise<unknown>;

export const replayHandler = (senders: Partial<Record<Service, Sender>>) => async (event: ReplayEvent) => {
  const refused: string[] = [];
  if (event.passwordHash) await hashPassword(randomBytes(16).toString('hex'), event.passwordHash);
  for (const round of event.rounds) {
    await Promise.all(
      round.map(({ service, operation, input }) => {
        const send = senders[service];
        if (!send) throw new Error(`this replay floor has no ${service} client`);
        return send(operation, JSON.parse(input)).catch((error: unknown) => void refused.push(`${operation}: ${String(error)}`));
      }),
    );
  }
  // A refused call did less work than the route's did: the bench stops rather than publish a floor that is too low.
  return { statusCode: refused.length ? 500 : 200, body: JSON.stringify({ refused }) };
};

/** A sender over a client and its command classes, by operation name. */
export const senderOf =
  // biome-ignore lint/suspicious/noExplicitAny: each command takes its own operation's input, parsed from the wire
    <Client extends { send(command: any): Promise<unknown> }>(client: Client, commands: Record<string, new (input: any) => unknown>): Sender =>
    (operation, input) => {
      const Command = commands[operation];
      if (!Command) return Promise.reject(new Error(`the replay floor has no ${operation}`));
      return client.send(new Command(input));
    };
