import { describe, expect, it } from 'vitest';
import { declaredFunctions, judgeAnswer, probeRequest } from '../../../scripts/local/handler-check.ts';
import { readServerlessYml } from '../../../scripts/local/serverless-yml.ts';

describe("npm start's handler check", () => {
  it('knows every function serverless.yml declares, with its route or queue', () => {
    const functions = declaredFunctions(readServerlessYml());
    expect(functions.find((fn) => fn.key === 'usersRegister')).toEqual({
      key: 'usersRegister',
      handler: 'functions/users/register.handler',
      route: { method: 'POST', path: '/api/users' },
      consumesQueue: false,
    });
    expect(functions.find((fn) => fn.key === 'feedFanout')).toMatchObject({ consumesQueue: true });
    expect(functions.find((fn) => fn.key === 'feedFanout')).not.toHaveProperty('route');
    // The spec's 19 routes, the API docs' 3, the 6 of roles and moderation, the 7 of webhooks and sign out everywhere.
    expect(functions.filter((fn) => fn.route)).toHaveLength(36);
  });

  it('probes with requests that cannot write: no token, an empty body, parameters that name nothing', () => {
    expect(probeRequest({ method: 'POST', path: '/api/articles/{slug}/comments' })).toEqual({
      method: 'POST',
      path: '/api/articles/startup-check-0000000000000/comments',
      body: '{}',
    });
    expect(probeRequest({ method: 'GET', path: '/api/tags' })).toEqual({ method: 'GET', path: '/api/tags' });
  });

  it('accepts RealWorld answers and refuses crashes, 5xx and other shapes', () => {
    expect(judgeAnswer(200, '{"tags":[]}')).toBeUndefined();
    expect(judgeAnswer(401, '{"errors":{"token":["is missing"]}}')).toBeUndefined();
    expect(judgeAnswer(204, '')).toBeUndefined();
    expect(judgeAnswer(200, '{"errorMessage":"(0 , ne.default) is not a function","errorType":"TypeError"}')).toMatch(/answered 200/);
    expect(judgeAnswer(502, '{"errors":{"server":["the handler failed"]}}')).toMatch(/answered 502/);
    expect(judgeAnswer(404, '{"message":"Not Found"}')).toMatch(/without the RealWorld error shape/);
    expect(judgeAnswer(200, 'ok')).toMatch(/not JSON/);
  });

  it('accepts a page or file that says what it is (the API docs), but not an empty one, and no error that is not JSON', () => {
    expect(judgeAnswer(200, '<!doctype html><title>Conduit API</title>', 'text/html; charset=utf-8')).toBeUndefined();
    expect(judgeAnswer(200, '', 'text/css')).toMatch(/no body/);
    expect(judgeAnswer(404, 'Not Found', 'text/html')).toMatch(/not JSON/);
  });
});
