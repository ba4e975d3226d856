import { fanOutArticleStep, unpublishArticleStep } from '#lib/jobs/feed';
import { queueConsumer, stepThenSettle, UnexpectedEvent } from '#lib/queue/consumer';

// SQS: the feed queue. Puts new articles into followers' feeds and takes deleted ones out, a page of
// followers per message.
export const handler = queueConsumer('feed-fanout', async (message) => {
  const { event } = message;
  if (event.type === 'ArticlePublished') return stepThenSettle(message, (from) => fanOutArticleStep(event, from));
  if (event.type === 'ArticleDeleted') return stepThenSettle(message, (from) => unpublishArticleStep(event, from));
  throw new UnexpectedEvent('feed-fanout', event.type);
});
