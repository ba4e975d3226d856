import type { Random } from './random.ts';
import {
  BIO_EXTRAS,
  CODE_SAMPLES,
  COMMENTS,
  DESCRIPTION_TEMPLATES,
  FIRST_NAMES,
  HANDLE_WORDS,
  HEADINGS,
  LAST_NAMES,
  LIST_ITEMS,
  QUOTES,
  ROLES,
  SENTENCES,
  TAG_FAMILIES,
  TITLE_TEMPLATES,
  TOPICS_BY_TAG,
  WORKPLACES,
} from './words.ts';

export const TAGS = Object.keys(TOPICS_BY_TAG);

export interface UserProfile {
  username: string;
  email: string;
  bio: string;
  image: string | null;
}

export interface ArticleContent {
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

const ascii = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '');
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const fill = (template: string, topic: string) => template.replaceAll('{topic}', topic).replaceAll('{Topic}', capitalize(topic));

/** A username in one of the shapes people pick, unique by `runSuffix` so the seed can run again on the same data. */
function username(random: Random, first: string, last: string, runSuffix: string): string {
  const [f, l] = [ascii(first).toLowerCase(), ascii(last).toLowerCase()];
  const shapes = [`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${random.pick(HANDLE_WORDS)}`, `${l}.${random.pick(HANDLE_WORDS)}`, `${f}${random.int(7, 99)}`];
  return `${random.pick(shapes)}_${runSuffix}`;
}

export function userProfile(random: Random, runSuffix: string, takenNames: Set<string>): UserProfile {
  let name: string;
  do name = username(random, random.pick(FIRST_NAMES), random.pick(LAST_NAMES), runSuffix);
  while (takenNames.has(name));
  takenNames.add(name);
  const bio = `${random.pick(ROLES)} at ${random.pick(WORKPLACES)}. ${random.pick(BIO_EXTRAS)}`;
  // pravatar.cc serves stable placeholder portraits by number; only the URL is stored, nothing is fetched here.
  const image = random.chance(0.65) ? `https://i.pravatar.cc/300?img=${random.int(1, 70)}` : null;
  return { username: name, email: `${name}@example.com`, bio, image };
}

/** Markdown with an intro, a few headed sections (a list, a code block or a quote among them) and a conclusion. */
function articleBody(random: Random, topic: string): string {
  // One shuffled deck per article, so no sentence appears twice in it.
  const sentences = random.sample(SENTENCES, SENTENCES.length);
  const paragraph = (count: number) =>
    sentences
      .splice(0, count)
      .map((sentence) => fill(sentence, topic))
      .join(' ');
  const blocks = [paragraph(random.int(3, 5))];
  for (const heading of random.sample(HEADINGS, random.int(2, 4))) {
    blocks.push(`## ${heading}`, paragraph(random.int(2, 4)));
    const extra = random.int(0, 3);
    if (extra === 0)
      blocks.push(
        random
          .sample(LIST_ITEMS, random.int(3, 5))
          .map((item) => `- ${item}`)
          .join('\n'),
      );
    if (extra === 1) {
      const sample = random.pick(CODE_SAMPLES);
      blocks.push(`\`\`\`${sample.language}\n${sample.code}\n\`\`\``);
    }
    if (extra === 2) blocks.push(`> ${random.pick(QUOTES)}`);
  }
  blocks.push(paragraph(random.int(2, 3)));
  return blocks.join('\n\n');
}

/** Popular tags come first in TAGS, so skewed picks give the tag cloud a realistic long tail. */
export function articleContent(random: Random, usedTitles: Set<string>): { article: ArticleContent; topic: string } {
  const mainTag = random.pickSkewed(TAGS, 1.6);
  const related = [...new Set(TAG_FAMILIES.filter((family) => family.includes(mainTag)).flat())].filter((tag) => tag !== mainTag);
  const tagList = [mainTag, ...random.sample(related, random.int(0, 3))];
  const topic = random.pick(TOPICS_BY_TAG[mainTag]!);
  const newTitle = () => capitalize(fill(random.pick(TITLE_TEMPLATES), topic).replace('{n}', String(random.int(3, 12))));
  // Repeated titles are legal (slugs carry an id) but look odd in a demo, so try a few times for a fresh one.
  let title = newTitle();
  for (let attempt = 0; usedTitles.has(title) && attempt < 20; attempt++) title = newTitle();
  usedTitles.add(title);
  const article = { title, description: fill(random.pick(DESCRIPTION_TEMPLATES), topic), body: articleBody(random, topic), tagList };
  return { article, topic };
}

export const commentBody = (random: Random, topic: string) => fill(random.pick(COMMENTS), topic);
