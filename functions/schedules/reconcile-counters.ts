import type { Context } from 'aws-lambda';
import { tag, tagNameOf } from '#lib/db/entities';
import { correctDrift, counterDrifts } from '#lib/db/reconcile';
import { relistTag } from '#lib/db/tag-counts';
import { forgetTagIfUnused } from '#lib/db/tags';
import { logger, startInvocation } from '#lib/powertools';

// Schedule: daily. Recounts favorites, article counts (global, per author, per tag) and feed counts from
// the items themselves, corrects any counter that drifted (only if a second count agrees and the counter has
// not moved since: see counterDrifts), logs each correction, forgets tags that no article uses any more and lists
// again those whose count it had to write (lib/db/tag-counts.ts).
export const handler = async (_event?: unknown, context?: Context) => {
  await startInvocation(context);
  const { drifts, unconfirmed } = await counterDrifts();
  // Counts that moved between the two scans: a write landed mid-recount. Left for the next run.
  for (const drift of unconfirmed)
    logger.warn('counter drift not confirmed; left for the next run', {
      key: drift.key,
      attribute: drift.attribute,
      stored: drift.stored,
      counted: drift.actual,
    });
  let corrected = 0;
  for (const drift of drifts) {
    const applied = await correctDrift(drift);
    if (applied) corrected += 1;
    logger.warn('counter corrected', { key: drift.key, attribute: drift.attribute, stored: drift.stored, actual: drift.actual, applied });
    // A tag is listed by its count: at 0 it is forgotten, and a count the recount wrote alone needs its list keys.
    if (applied && drift.entity === tag.type) await (drift.actual === 0 ? forgetTagIfUnused : relistTag)(tagNameOf(drift.key));
  }
  logger.info('counters reconciled', { drifts: drifts.length, corrected });
  return { drifts: drifts.length, corrected };
};
