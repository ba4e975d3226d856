import * as z from 'zod/mini';

// A small in-house take on ElectroDB's and dynamodb-toolbox's entities: each entity is declared once with
// its key, the index attributes it carries, the entity type written on every item, and a schema that
// decodes an item into a typed value. Why not one of those libraries: lib/db/README.md.

export interface Key {
  PK: string;
  SK: string;
}

export type Item = Record<string, unknown>;

/** The attribute naming an item's entity, written on every item, so a scan knows what it reads without parsing keys. */
export const ENTITY = 'entity';

/** The table's keys of any item (the recount and the clean-up handle items by key). */
export const ItemKey = z.object({ PK: z.string(), SK: z.string() });

/** A maintained counter as its item holds it: absent counts 0, and a count never reads below 0. */
export const counter = z.pipe(
  z.optional(z.number()),
  z.transform((value: number | undefined) => Math.max(0, value ?? 0)),
);

/** A stored counter exactly as written, negative included: what the recount compares. */
export const storedCount = (item: Item, attribute: string) => z.catch(z.number(), 0).parse(item[attribute]);

const GSI1 = { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK' } as const;
const GSI2 = { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK' } as const;

/** One list kept in a secondary index: which index, and the partition value its entries share. */
export function indexedList<A extends unknown[]>(index: typeof GSI1 | typeof GSI2, partition: (...args: A) => string) {
  return {
    ...index,
    value: partition,
    /** The index attributes that put an item in this list at `sortKey`. */
    entry: (sortKey: string, ...args: A): Record<string, string> => ({ [index.pk]: partition(...args), [index.sk]: sortKey }),
    /** An index entry's sort key: often the id the list is of, which the index does not project otherwise. */
    sortKeyOf: (entry: Item) => z.string().parse(entry[index.sk]),
  };
}
export const gsi1 = <A extends unknown[]>(partition: (...args: A) => string) => indexedList(GSI1, partition);
export const gsi2 = <A extends unknown[]>(partition: (...args: A) => string) => indexedList(GSI2, partition);

interface EntitySpec<T extends string, S extends z.ZodMiniObject, A extends [] | unknown[]> {
  type: T;
  /**
   * Builds the schema an item decodes with, on first use: a handler touches a few of the table's entities, and
   * building every schema at load was most of zod's share of a cold start (4.5 ms of it, 2.8 ms after: a CPU
   * profile taken by hand).
   */
  schema: () => S;
  key: (...args: A) => Key;
  /** The key's arguments, from a value. */
  identity: (value: z.output<S>) => A;
  /** The index attributes an item carries, from its value. */
  indexed?: (value: z.output<S>) => Record<string, string>;
}

/** `build()`'s result, built on the first call and kept. */
function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/**
 * An entity only updates write (a count that moves with what it counts): its key, type and schema, but no
 * `item()`, since nothing puts it whole.
 */
export function updatedEntity<const T extends string, S extends z.ZodMiniObject, A extends [] | unknown[]>(
  spec: Omit<EntitySpec<T, S, A>, 'identity' | 'indexed'>,
) {
  const schema = once(spec.schema);
  return {
    type: spec.type,
    get schema(): S {
      return schema();
    },
    key: spec.key,
    /** The typed value of an item; throws if the item is not one. */
    decode: (item: Item): z.output<S> => schema().parse(item),
    is: (item: Item) => item[ENTITY] === spec.type,
  };
}

export function entity<const T extends string, S extends z.ZodMiniObject, A extends [] | unknown[]>(spec: EntitySpec<T, S, A>) {
  const updated = updatedEntity(spec);
  const attributes = once(() => Object.keys(updated.schema.shape));
  // Only what the schema declares: a wider value (an article with its body, which lives in an item of its own)
  // must not put the rest into this item.
  const declared = (value: z.output<S>): Item =>
    Object.fromEntries(
      attributes()
        .filter((name) => name in value)
        .map((name) => [name, value[name]]),
    );
  return Object.assign(updated, {
    /** The whole item to put: the value's declared attributes, its key, its index attributes and its entity type. */
    item: (value: z.output<S>): Item => ({ ...declared(value), ...spec.key(...spec.identity(value)), ...spec.indexed?.(value), [ENTITY]: spec.type }),
  });
}
