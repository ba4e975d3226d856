import { describe, expect, it } from 'vitest';
import { api, registerViaApi } from '../support/api-client.ts';
import { uniqueName } from '../support/unique.ts';

describe('profiles over HTTP', () => {
  it('answers an unknown profile with 404 and errors.profile', async () => {
    const response = await api('GET', `/profiles/${uniqueName('nobody')}`);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { profile: ['not found'] } });
  });

  it('follows and unfollows idempotently', async () => {
    const [follower, celebrity] = await Promise.all([registerViaApi('follower'), registerViaApi('celebrity')]);
    const path = `/profiles/${celebrity.username}`;
    const asFollower = { token: follower.token };

    for (const attempt of [1, 2]) {
      const follow = await api('POST', `${path}/follow`, asFollower);
      expect(follow.status, `follow #${attempt}`).toBe(200);
      expect(follow.body.profile).toMatchObject({ username: celebrity.username, following: true });
    }
    expect((await api('GET', path, asFollower)).body.profile.following).toBe(true);

    for (const attempt of [1, 2]) {
      const unfollow = await api('DELETE', `${path}/follow`, asFollower);
      expect(unfollow.status, `unfollow #${attempt}`).toBe(200);
      expect(unfollow.body.profile).toMatchObject({ username: celebrity.username, following: false });
    }
    expect((await api('GET', path, asFollower)).body.profile.following).toBe(false);
    expect((await api('GET', path)).body.profile.following).toBe(false);
  });
});
