import { describe, expect, it } from 'vitest';

// Every request and response schema is a zod lazy: a handler's module builds none of them at load, only the ones
// its route uses, on first use. Building them all was most of zod's share of a cold start (a CPU profile taken
// by hand: 4.5 ms before, 2.8 ms after).
const modules = {
  articles: () => import('#lib/schemas/articles'),
  docs: () => import('#lib/schemas/docs'),
  moderation: () => import('#lib/schemas/moderation'),
  responses: () => import('#lib/schemas/responses'),
  users: () => import('#lib/schemas/users'),
  webhooks: () => import('#lib/schemas/webhooks'),
  'domain events': () => import('#lib/events/domain-events'),
};

const isSchema = (value: unknown): value is { _zod: { def: { type: string } } } => typeof value === 'object' && value !== null && '_zod' in value;

describe('schemas are built on first use', () => {
  it.each(Object.entries(modules))('lib %s: every exported schema is lazy', async (_, load) => {
    const schemas = Object.entries(await load()).filter(([, value]) => isSchema(value));
    expect(schemas.length).toBeGreaterThan(0);
    expect(schemas.filter(([, schema]) => schema._zod.def.type !== 'lazy').map(([name]) => name)).toEqual([]);
  });
});
