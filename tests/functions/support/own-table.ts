import { randomUUID } from 'node:crypto';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { db } from '#lib/db/client';
import { ensureTable } from '../../../scripts/local/table.ts';

// Bookkeeping a refused request may write by design: rate-limit windows and failed-login counters.
const BOOKKEEPING = new Set(['rateWindow', 'loginFailures']);

/**
 * Points lib at a table of this test file's own, so a scan before and after a request sees only what the file
 * does. Call it at the top of the file: lib reads TABLE_NAME on first use. `create()` before the first request.
 */
export function ownTable(prefix: string) {
  const name = `conduit-${prefix}-${randomUUID().slice(0, 8)}`;
  process.env.TABLE_NAME = name;
  return {
    name,
    async create() {
      const endpoint = process.env.DYNAMODB_ENDPOINT;
      if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run this in the integration project');
      await ensureTable(endpoint, name);
    },
    /** Every item but the bookkeeping, keyed and sorted, as one string to compare. */
    async snapshot(): Promise<string> {
      const items: Record<string, unknown>[] = [];
      for await (const page of paginateScan({ client: db() }, { TableName: name, ConsistentRead: true })) items.push(...(page.Items ?? []));
      return JSON.stringify(
        items
          .filter((item) => !BOOKKEEPING.has(String(item.entity)))
          .map((item) => JSON.stringify(item, Object.keys(item).sort()))
          .sort(),
      );
    },
  };
}
