import * as z from 'zod/mini';
import { articlePartitionPage } from '#lib/db/articles';
import { batchWrite } from '#lib/db/batch';
import { favorite } from '#lib/db/entities';
import { ItemKey } from '#lib/db/entity';
import { dropFavoriteOfDeletedArticle } from '#lib/db/favorites';
import type { Continuation } from '#lib/db/paging';

/** A favorite as the clean-up reads it: keys and the favoriter only. */
const favoriter = z.pick(favorite.schema, { userId: true });

/**
 * After a delete, one bounded step: the comments, favorites (and the favoriters' counts) left in the
 * article's partition. Returns where the next step starts, or undefined when done.
 */
export async function removeArticleLeftoversStep(articleId: string, from?: Continuation): Promise<Continuation> {
  const page = await articlePartitionPage(articleId, from);
  const favorites = page.items.filter(favorite.is);
  const others = page.items.filter((item) => !favorite.is(item));
  await Promise.all(favorites.map((item) => dropFavoriteOfDeletedArticle(articleId, favoriter.parse(item).userId)));
  await batchWrite(others.map((item) => ({ delete: ItemKey.parse(item) })));
  return page.next;
}
