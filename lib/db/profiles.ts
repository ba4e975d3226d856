import { batchGet, keyString } from '#lib/db/batch';
import { follow, type User, user } from '#lib/db/entities';
import type { Item, Key } from '#lib/db/entity';

/**
 * The keys to fetch for showing `userIds` to a viewer (the users, and whether the viewer follows each),
 * so callers can fold them into one BatchGetItem with whatever else they need.
 */
export function profileKeys(viewerId: string | undefined, userIds: string[]): Key[] {
  return userIds.flatMap((userId) => [user.key(userId), ...(viewerId ? [follow.key(viewerId, userId)] : [])]);
}

export interface ProfileView {
  user: User;
  following: boolean;
}

/** Reads what `profileKeys` asked for out of a batch result. */
export function profileFrom(found: Map<string, Item>, viewerId: string | undefined, userId: string): ProfileView | undefined {
  const item = found.get(keyString(user.key(userId)));
  if (!item) return undefined;
  return { user: user.decode(item), following: viewerId ? found.has(keyString(follow.key(viewerId, userId))) : false };
}

/** One round trip: a user as the viewer sees them. */
export async function profileOf(viewerId: string | undefined, userId: string): Promise<ProfileView | undefined> {
  const found = await batchGet(profileKeys(viewerId, [userId]));
  return profileFrom(found, viewerId, userId);
}
