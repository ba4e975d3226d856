import { beforeAll, describe, expect, it } from 'vitest';
import { readUnitsOf } from '../../support/dynamodb-calls.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { createArticle, uniqueTag } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { ownTable } from '../support/own-table.ts';

// Lists and feeds show no bodies (the spec leaves them out of list entries), so they must not pay to read them:
// a page of articles with 60,000-character bodies costs the read units a page of one-line bodies costs. Read
// units are billed per item read, by its size, so this holds only if the body is not in the item a page reads.
// A table of this file's own: the feed reads every pending publication, and only this file's may be pending.
const table = ownTable('read-units');

const PAGE = 10;
const HEAVY_BODY = 'A paragraph of an article. '.repeat(2_222); // 59,994 characters
const LIGHT_BODY = 'One line.';

interface Shelf {
  author: RegisteredUser;
  reader: RegisteredUser;
  tag: string;
  slugs: string[];
}

let heavy: Shelf;
let light: Shelf;

async function shelf(body: string): Promise<Shelf> {
  const [author, reader] = (await Promise.all([registerFreshUser('author'), registerFreshUser('reader')])) as [RegisteredUser, RegisteredUser];
  const followed = await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
  expect(followed.status).toBe(200);
  const tag = uniqueTag();
  const slugs: string[] = [];
  for (let i = 0; i < PAGE; i++) slugs.push((await createArticle(author.token, { title: `Article number ${i}`, body, tagList: [tag] })).slug);
  return { author, reader, tag, slugs };
}

beforeAll(async () => {
  await table.create();
  heavy = await shelf(HEAVY_BODY);
  light = await shelf(LIGHT_BODY);
});

/** Read units of one request, which must answer 200. */
async function unitsOf(route: Parameters<typeof request>[0], input: Parameters<typeof request>[1]) {
  const { result, readUnits } = await readUnitsOf(() => request(route, input));
  expect(result.status).toBe(200);
  return readUnits;
}

describe('read units of a page do not grow with the bodies it leaves out', () => {
  const pages = {
    'GET /api/articles?author=': (shelf: Shelf) => unitsOf('GET /api/articles', { query: { author: shelf.author.username, limit: String(PAGE) } }),
    'GET /api/articles?tag=': (shelf: Shelf) => unitsOf('GET /api/articles', { query: { tag: shelf.tag, limit: String(PAGE) }, token: shelf.reader.token }),
    'GET /api/articles/feed': (shelf: Shelf) => unitsOf('GET /api/articles/feed', { query: { limit: String(PAGE) }, token: shelf.reader.token }),
  };

  for (const [page, readUnits] of Object.entries(pages)) {
    it(`${page}: ${PAGE} articles of 60,000 characters cost at most 1.25× ${PAGE} of one line`, async () => {
      const [heavyUnits, lightUnits] = [await readUnits(heavy), await readUnits(light)];
      expect(lightUnits).toBeGreaterThan(0);
      expect(heavyUnits / lightUnits).toBeLessThanOrEqual(1.25);
    });
  }

  it('GET /api/articles/{slug} does read the body it answers with', async () => {
    const heavyUnits = await unitsOf('GET /api/articles/{slug}', { pathParameters: { slug: heavy.slugs[0]! } });
    const lightUnits = await unitsOf('GET /api/articles/{slug}', { pathParameters: { slug: light.slugs[0]! } });
    // 60,000 bytes are 15 blocks of 4 KB, half a unit each when read eventually consistent.
    expect(heavyUnits - lightUnits).toBeGreaterThanOrEqual(7);
  });
});
