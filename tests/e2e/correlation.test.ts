import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api, registerViaApi } from '../support/api-client.ts';
import { uniqueName } from '../support/unique.ts';

// One id follows a request into every consumer run it causes, in the running stack's own output: npm test
// writes it to a file and names it in STACK_LOG (scripts/test.ts). Against a stack started by hand, send its
// output to a file and set STACK_LOG to run this file.
const stackLog = process.env.STACK_LOG ?? '';
const WITHIN_SECONDS = { timeout: 20_000, interval: 250 };

interface LogLine {
  message: string;
  correlation_id?: string;
  function_name?: string;
  consumer?: string;
  type?: string;
  route?: string;
  status?: number;
  [key: string]: unknown;
}

/** The stack's structured log lines (the supervisor prefixes each with the process that wrote it). */
function logLines(): LogLine[] {
  return readFileSync(stackLog, 'utf8')
    .split('\n')
    .map((line) => line.slice(line.indexOf('{"level"')))
    .filter((line) => line.startsWith('{"level"'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

/** The id a response names in its x-correlation-id header. */
function correlationIdOf(response: { headers: Headers }): string {
  const id = response.headers.get('x-correlation-id');
  expect(id, 'x-correlation-id').toMatch(/^[\w-]{8,}$/);
  return String(id);
}

const linesOf = (correlationId: string) => logLines().filter((line) => line.correlation_id === correlationId);

describe.skipIf(!stackLog)('a correlation id, from a request through every consumer run it causes', () => {
  it("deleting a followed author's article: the request and the feed, clean-up and webhook consumers log the id the response names", async () => {
    const [author, reader] = await Promise.all([registerViaApi('traced'), registerViaApi('traced')]);
    expect((await api('POST', `/profiles/${author.username}/follow`, { token: reader.token })).status).toBe(200);
    const created = await api('POST', '/articles', {
      token: author.token,
      body: { article: { title: uniqueName('Traced'), description: 'followed', body: 'From request to consumers.', tagList: [uniqueName('t').toLowerCase()] } },
    });
    expect(created.status).toBe(201);
    const publishId = correlationIdOf(created);
    // The fan-out of the publication ran under the publishing request's id.
    await expect
      .poll(() => linesOf(publishId).some((line) => line.message === 'message processed' && line.type === 'ArticlePublished'), WITHIN_SECONDS)
      .toBe(true);

    const deleted = await api('DELETE', `/articles/${created.body.article.slug}`, { token: author.token });
    expect(deleted.status).toBe(204);
    const deleteId = correlationIdOf(deleted);
    expect(deleteId).not.toBe(publishId);

    // Every queue's consumer takes the deletion (feed, clean-up, webhooks): each run logs the deleting request's id.
    await expect
      .poll(
        () =>
          linesOf(deleteId)
            .filter((line) => line.message === 'message processed')
            .map((line) => line.consumer)
            .sort(),
        WITHIN_SECONDS,
      )
      .toEqual(['article-cleanup', 'feed-fanout', 'webhook-delivery']);
    const lines = linesOf(deleteId);
    // The request's own line, from the route's function, with the Lambda context Powertools adds.
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'request', route: 'DELETE /api/articles/{slug}', status: 204, cold_start: expect.any(Boolean) }),
    );
    const functions = new Set(lines.map((line) => line.function_name));
    expect([...functions].sort()).toEqual([
      'conduit-local-articleCleanup',
      'conduit-local-articlesDelete',
      'conduit-local-feedFanout',
      'conduit-local-webhookDelivery',
    ]);
    for (const line of lines.filter((candidate) => candidate.message === 'message processed')) expect(line.type).toBe('ArticleDeleted');
  });

  it('answers every request, refused ones too, with the id its log line carries', async () => {
    const refused = await api('GET', '/user');
    expect(refused.status).toBe(401);
    const id = correlationIdOf(refused);
    await expect.poll(() => linesOf(id).map((line) => [line.message, line.status]), WITHIN_SECONDS).toEqual([['request', 401]]);
  });
});
