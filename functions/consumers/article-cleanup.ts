import { settleDelivery } from '#lib/db/outbox';
import { forgetTagIfUnused } from '#lib/db/tags';
import { removeArticleLeftoversStep } from '#lib/jobs/article-cleanup';
import { queueConsumer, stepThenSettle, UnexpectedEvent } from '#lib/queue/consumer';

// SQS: the cleanup queue. After a delete, removes the article's comments and favorites (and the
// favoriters' counts) and forgets tags no article uses any more; after an update, forgets dropped tags.
export const handler = queueConsumer('article-cleanup', async (message) => {
  const { event } = message;
  if (event.type === 'ArticleDeleted') {
    return stepThenSettle(message, async (from) => {
      const next = await removeArticleLeftoversStep(event.articleId, from);
      if (!next) await Promise.all(event.tagList.map(forgetTagIfUnused));
      return next;
    });
  }
  if (event.type === 'ArticleUpdated') {
    await Promise.all(event.removedTags.map(forgetTagIfUnused));
    return settleDelivery(message);
  }
  throw new UnexpectedEvent('article-cleanup', event.type);
});
