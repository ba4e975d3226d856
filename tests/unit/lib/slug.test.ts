import { describe, expect, it } from 'vitest';
import { HttpError, httpErrorOf } from '#lib/http/errors';
import { articleIdFromSlug, articleSlug, newArticleId, requireArticleId, titleSlug } from '#lib/slug';

describe('newArticleId', () => {
  it('is 13 lower-case base-36 characters: 9 of milliseconds, 4 random', () => {
    const now = Date.UTC(2026, 0, 1);
    const id = newArticleId(now);
    expect(id).toMatch(/^[0-9a-z]{13}$/);
    expect(id.slice(0, 9)).toBe(now.toString(36).padStart(9, '0'));
  });

  it('sorts as a string in the order of creation time, across every magnitude', () => {
    const times = [
      0,
      1,
      35,
      36,
      1_295,
      1_296,
      Date.UTC(2001, 0, 1),
      Date.UTC(2026, 5, 1),
      Date.UTC(2026, 5, 1) + 1,
      Date.UTC(2100, 0, 1),
      Date.UTC(4000, 0, 1),
    ];
    const ids = times.map((time) => newArticleId(time));
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives ids made in the same millisecond the same prefix and, almost always, different endings', () => {
    const now = Date.now();
    const ids = Array.from({ length: 50 }, () => newArticleId(now));
    expect(new Set(ids.map((id) => id.slice(0, 9))).size).toBe(1);
    expect(new Set(ids).size).toBeGreaterThan(45);
  });
});

describe('titleSlug', () => {
  it.each([
    ['How to Train Your Dragon', 'how-to-train-your-dragon'],
    ['  Hello,   World!  ', 'hello-world'],
    ['Crème brûlée à la carte', 'creme-brulee-a-la-carte'],
    ['Ärger über Öl', 'arger-uber-ol'],
    ['Top 10 tips for 2026', 'top-10-tips-for-2026'],
    ['I ❤ TypeScript', 'i-typescript'],
    ['C++ & C#', 'c-c'],
    ['Привет мир', 'привет-мир'],
    ['你好，世界', '你好-世界'],
    ['Καλή μέρα', 'καλή-μέρα'],
  ])('makes %j into %j', (title, slug) => {
    expect(titleSlug(title)).toBe(slug);
  });

  it.each(['', '!!!', '—', '❤❤'])('falls back to "article" for %j, which has no letters or digits', (title) => {
    expect(titleSlug(title)).toBe('article');
  });

  it('cuts a long title at a word boundary, within 60 characters', () => {
    const slug = titleSlug('The quick brown fox jumps over the lazy dog and keeps running through the night');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe('the-quick-brown-fox-jumps-over-the-lazy-dog-and-keeps');
  });

  it('cuts a single long word at 60 characters', () => {
    expect(titleSlug('a'.repeat(80))).toBe('a'.repeat(60));
  });

  // A plain ASCII title takes a shorter path; a non-ASCII character at its end sends the same title down the
  // Unicode path, and the two must agree on every printable ASCII character, alone and between words.
  it('gives a plain ASCII title the slug the Unicode path gives it', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, offset) => String.fromCharCode(0x20 + offset));
    const titles = [...printable.map((character) => `Ab${character}9z`), printable.join(''), 'How to Train Your Dragon', '  --Hello,   World!--  '];
    for (const title of titles) expect(titleSlug(title)).toBe(titleSlug(`${title}\u2014`));
  });

  // Combining marks are dropped only after Latin letters: elsewhere they are part of the letter (Cyrillic й,
  // Japanese ガ, Devanagari vowel signs), and dropping them would change the word.
  it.each([
    ['Мой путь', 'мой-путь'],
    ['ガイド', 'ガイド'],
    ['हिन्दी', 'हिन्दी'],
  ])('keeps the letters of %j intact: %j', (title, slug) => {
    expect(titleSlug(title)).toBe(slug);
  });
});

describe('articleSlug and articleIdFromSlug', () => {
  const id = newArticleId(Date.UTC(2026, 0, 1));

  it.each(['How to train your dragon', '2025-2026 plans', 'ends-with-dash-', 'Привет мир', '!!!'])('recover the id from the slug of %j', (title) => {
    const slug = articleSlug(title, id);
    expect(slug.endsWith(`-${id}`)).toBe(true);
    expect(articleIdFromSlug(slug)).toBe(id);
  });

  it('read the id from an old slug whatever its title part', () => {
    expect(articleIdFromSlug(`some-old-title-${id}`)).toBe(id);
    expect(articleIdFromSlug(id)).toBe(id);
  });

  it.each([
    '',
    'junk',
    'title-',
    '-',
    `title-${id.toUpperCase()}`,
    `title-${id.slice(1)}`,
    `title-${id}x`,
    `title-${id.slice(0, 12)}_`,
    '../../etc/passwd',
    `${id}-extra`,
  ])('reject %j', (slug) => {
    expect(articleIdFromSlug(slug)).toBeUndefined();
  });
});

describe('requireArticleId', () => {
  it('answers the id of a valid slug', () => {
    const id = newArticleId();
    expect(requireArticleId(articleSlug('x', id))).toBe(id);
  });

  it('throws the same 404 as a missing article for a slug that cannot name one', () => {
    let thrown: unknown;
    try {
      requireArticleId('junk');
    } catch (error) {
      thrown = httpErrorOf(error); // as the one HTTP mapping (lib/http/errors.ts) answers it
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect(thrown).toMatchObject({ statusCode: 404, errors: { article: ['not found'] } });
  });
});
