import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { entity, updatedEntity } from '#lib/db/entity';

// A cold start builds only the schemas its route uses: an entity's schema is built on first use, once, and
// the request and response schemas are zod lazies (tests/unit/lib/schemas/lazy.test.ts).
describe('lib/db/entity', () => {
  const declare = () => {
    const schema = vi.fn(() => z.object({ noteId: z.string(), text: z.string() }));
    const note = entity({ type: 'note', key: (noteId: string) => ({ PK: `NOTE#${noteId}`, SK: 'NOTE' }), identity: (value) => [value.noteId], schema });
    return { note, schema };
  };

  it('builds no schema when an entity is declared, and builds it once for every later use', () => {
    const { note, schema } = declare();
    expect(schema).not.toHaveBeenCalled();
    const item = note.item({ noteId: 'n1', text: 'hello' });
    expect(note.decode(item)).toEqual({ noteId: 'n1', text: 'hello' });
    expect(note.schema.shape.text).toBeDefined();
    expect(schema).toHaveBeenCalledTimes(1);
  });

  it('puts only the attributes its schema declares, with key and entity type', () => {
    const { note } = declare();
    expect(note.item({ noteId: 'n1', text: 'hello', extra: 'dropped' } as never)).toEqual({
      noteId: 'n1',
      text: 'hello',
      PK: 'NOTE#n1',
      SK: 'NOTE',
      entity: 'note',
    });
  });

  it('builds an updated-only entity lazily too, and its decode refuses an item that is not one', () => {
    const schema = vi.fn(() => z.object({ hits: z.number() }));
    const counterItem = updatedEntity({ type: 'hits', key: () => ({ PK: 'HITS', SK: 'HITS' }), schema });
    expect(schema).not.toHaveBeenCalled();
    expect(() => counterItem.decode({ hits: 'many' })).toThrow();
    expect(counterItem.decode({ hits: 2 })).toEqual({ hits: 2 });
    expect(schema).toHaveBeenCalledTimes(1);
  });
});
