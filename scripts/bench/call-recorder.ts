import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A recording proxy in front of DynamoDB Local and the SQS emulator: every call a handler makes passes through
 * it, so a bench can count the calls of one request, find which ran in parallel (round trips), read the
 * capacity each consumed (it asks for `ReturnConsumedCapacity: TOTAL` on the handler's behalf), and hand the
 * same calls to the route's floor (scripts/bench/replay-floor.ts). Both services speak JSON over HTTP
 * and name the operation in `x-amz-target` (`DynamoDB_20120810.GetItem`, `AmazonSQS.SendMessageBatch`).
 */
export type Service = 'dynamodb' | 'sqs';

export interface RecordedCall {
  service: Service;
  operation: string;
  body: string;
  startedAt: number;
  endedAt: number;
  /** What the call consumed: DynamoDB Local's figure, or readUnitsFloor() where Local reports less than DynamoDB bills. */
  readUnits: number;
  /** The fewest read units the call could have been billed for what it returned: readUnitsFloor(). */
  minReadUnits: number;
  writeUnits: number;
}

const REPORTS_CAPACITY = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
// Writes that read (conditions, returned values) report their reads as write units; reads report read units.
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const unitsOf = (capacity: Capacity) =>
  (Array.isArray(capacity) ? capacity : capacity ? [capacity] : []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);

type AttributeValue = Partial<Record<'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'SS' | 'NS' | 'BS' | 'L' | 'M', unknown>>;
type StoredItem = Record<string, AttributeValue>;

const utf8 = (value: unknown) => Buffer.byteLength(String(value));
const numberSize = (value: unknown) =>
  Math.ceil(
    String(value)
      .replace(/^-|\.|e.*$/gi, '')
      .replace(/^0+/, '').length / 2,
  ) + 1;

/** An attribute value's size by DynamoDB's rules (strings and binaries by bytes, numbers by digits, 3 bytes and 1 per element for lists and maps). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return Buffer.from(String(value.B), 'base64').length;
  if (value.SS !== undefined) return (value.SS as string[]).reduce((sum, element) => sum + utf8(element), 0);
  if (value.NS !== undefined) return (value.NS as string[]).reduce((sum, element) => sum + numberSize(element), 0);
  if (value.BS !== undefined) return (value.BS as string[]).reduce((sum, element) => sum + Buffer.from(element, 'base64').length, 0);
  if (value.L !== undefined) return 3 + (value.L as AttributeValue[]).reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M as StoredItem).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
  return 1;
}

/** An item's size as DynamoDB counts it for capacity: each attribute's name and value. */
export const itemSize = (item: StoredItem) => Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);

/**
 * DynamoDB bills a transactional write 2 write units per KB of each item it writes or checks. DynamoDB Local
 * reports a figure that does not follow the items (12 units for a 14-item and for an 18-item transaction), so
 * the units of a TransactWriteItems are counted from the request: a Put by its item's size (itemSize), every
 * other part as 1 KB (our updates, deletes and checks touch small items).
 */
export function transactWriteUnits(body: string): number {
  const { TransactItems = [] } = JSON.parse(body) as { TransactItems?: { Put?: { Item?: StoredItem } }[] };
  return TransactItems.reduce((sum, part) => {
    const kb = part.Put?.Item ? Math.max(1, Math.ceil(itemSize(part.Put.Item) / 1024)) : 1;
    return sum + 2 * kb;
  }, 0);
}

/**
 * Eventually consistent read units for `bytes` read as one unit of billing: half a unit per 4 KB begun, and half
 * a unit for a read that found nothing (DynamoDB bills it; DynamoDB Local reports 0 for an empty Query).
 */
const halfUnitsPer4Kb = (bytes: number) => 0.5 * Math.max(1, Math.ceil(bytes / 4096));

/**
 * The fewest read units DynamoDB bills for what a read call returned: its items' sizes, read eventually
 * consistently, an item read alone billed by its own size and a query's items together (as DynamoDB bills a
 * Query), half a unit for each read that found nothing. What a call consumed beyond this is what its form
 * cost: strong consistency, a transaction, items a filter dropped, attributes a projection left out.
 */
export function readUnitsFloor(operation: string, answerBody: string, requestBody = '{}'): number {
  let answer: { Item?: StoredItem; Items?: StoredItem[]; Responses?: Record<string, StoredItem[]> | { Item?: StoredItem }[] };
  try {
    answer = JSON.parse(answerBody);
  } catch {
    return 0;
  }
  switch (operation) {
    case 'GetItem':
      return halfUnitsPer4Kb(answer.Item ? itemSize(answer.Item) : 0);
    case 'Query':
    case 'Scan':
      return halfUnitsPer4Kb((answer.Items ?? []).reduce((sum, item) => sum + itemSize(item), 0));
    case 'BatchGetItem': {
      const found = Object.values((answer.Responses ?? {}) as Record<string, StoredItem[]>).flat();
      const { RequestItems = {} } = JSON.parse(requestBody) as { RequestItems?: Record<string, { Keys?: unknown[] }> };
      const requested = Object.values(RequestItems).reduce((sum, { Keys = [] }) => sum + Keys.length, 0);
      return found.reduce((sum, item) => sum + halfUnitsPer4Kb(itemSize(item)), 0) + 0.5 * Math.max(0, requested - found.length);
    }
    case 'TransactGetItems':
      return ((answer.Responses ?? []) as { Item?: StoredItem }[]).reduce((sum, { Item }) => sum + halfUnitsPer4Kb(Item ? itemSize(Item) : 0), 0);
    default:
      return 0;
  }
}

export interface Recorder {
  endpoint: string;
  calls: RecordedCall[];
  /** Indexes into `calls` at which a process being measured posted to `/__mark`. */
  marks: number[];
  reset(): void;
  stop(): Promise<void>;
}

export async function startRecorder(upstreams: Record<Service, string>): Promise<Recorder> {
  const calls: RecordedCall[] = [];
  const marks: number[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    if (incoming.url === '/__mark') {
      marks.push(calls.length);
      incoming.resume();
      return void outgoing.end();
    }
    // Sent when its headers arrive: a large body (a transaction) still arriving is a call already under way.
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const [prefix = '', operation = ''] = String(incoming.headers['x-amz-target'] ?? '').split('.');
      const service: Service = prefix === 'AmazonSQS' ? 'sqs' : 'dynamodb';
      const target = new URL(upstreams[service]);
      let body = Buffer.concat(chunks).toString('utf8');
      if (REPORTS_CAPACITY.has(operation)) body = JSON.stringify({ ...JSON.parse(body), ReturnConsumedCapacity: 'TOTAL' });
      const headers: Record<string, string> = {
        ...Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
        'content-length': String(Buffer.byteLength(body)),
      };
      const forward = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
        const answerChunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
        answer.on('end', () => {
          const answerBody = Buffer.concat(answerChunks).toString('utf8');
          let units = 0;
          try {
            units = unitsOf((JSON.parse(answerBody) as { ConsumedCapacity?: Capacity }).ConsumedCapacity);
          } catch {
            // an error answer: no capacity
          }
          const floor = WRITES.has(operation) || service === 'sqs' ? 0 : readUnitsFloor(operation, answerBody, body);
          calls.push({
            service,
            operation,
            body,
            startedAt,
            endedAt: performance.now(),
            readUnits: WRITES.has(operation) ? 0 : Math.max(units, floor),
            minReadUnits: floor,
            writeUnits: operation === 'TransactWriteItems' ? transactWriteUnits(body) : WRITES.has(operation) ? units : 0,
          });
          outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
          outgoing.end(answerBody);
        });
      });
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    marks,
    reset: () => {
      calls.splice(0);
      marks.splice(0);
    },
    stop: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
}

/**
 * Calls grouped into sequential rounds. A call's round is one more than the latest round of the calls that had
 * ended when it started (it may have waited for them); calls that overlap every call of the round before theirs
 * ran beside it. Overlap alone is not enough: a read started beside round 1 and still in flight when round 2
 * starts (authentication's session read) would fold every later call into round 1.
 */
export function roundsOf(calls: RecordedCall[]): RecordedCall[][] {
  const rounds: RecordedCall[][] = [];
  const roundOf = new Map<RecordedCall, number>();
  for (const call of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    const before = [...roundOf].filter(([earlier]) => earlier.endedAt <= call.startedAt).map(([, round]) => round);
    const round = Math.max(-1, ...before) + 1;
    roundOf.set(call, round);
    if (rounds[round]) rounds[round].push(call);
    else rounds[round] = [call];
  }
  return rounds;
}
