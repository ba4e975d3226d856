import { table } from '#lib/db/client';
import { type AuditEntry, auditEntry, auditTrail } from '#lib/db/entities';
import { queryItems } from '#lib/db/paging';
import type { TransactPart } from '#lib/db/transactions';
import { newTimeOrderedId } from '#lib/slug';

export type { AuditEntry } from '#lib/db/entities';

/** A new entry of the audit trail, dated now. */
export const newAuditEntry = (fields: Omit<AuditEntry, 'auditId' | 'createdAt'>): AuditEntry => {
  const now = Date.now();
  return { auditId: newTimeOrderedId(now), createdAt: new Date(now).toISOString(), ...fields };
};

/** The entry as a part of the transaction that makes the action it records: both are written, or neither. */
export const auditPart = (entry: AuditEntry): TransactPart => [
  'audit',
  { Put: { TableName: table(), Item: auditEntry.item(entry), ConditionExpression: 'attribute_not_exists(PK)' } },
];

/** A page of the trail, newest first: at most `size` entries, older than the entry `before` when given. One Query. */
export async function auditPage(size: number, before?: string): Promise<AuditEntry[]> {
  const items = await queryItems(
    { partition: auditTrail.partition, ...(before === undefined ? {} : { sortKeyBefore: auditEntry.key(before).SK }), newestFirst: true },
    size,
  );
  return items.map(auditEntry.decode);
}
