import { backfillFeedStep, pruneFeedStep } from '#lib/jobs/feed';
import { queueConsumer, stepThenSettle, UnexpectedEvent } from '#lib/queue/consumer';

// SQS: the follows queue. A follow back-fills the reader's feed with the author's articles; an unfollow
// takes them out again, a page of articles per message.
export const handler = queueConsumer('follow-feed', async (message) => {
  const { event } = message;
  if (event.type === 'UserFollowed') return stepThenSettle(message, (from) => backfillFeedStep(event.readerId, event.authorId, from));
  if (event.type === 'UserUnfollowed') return stepThenSettle(message, (from) => pruneFeedStep(event.readerId, event.authorId, from));
  throw new UnexpectedEvent('follow-feed', event.type);
});
