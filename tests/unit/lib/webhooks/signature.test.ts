import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { retryDelaySeconds, webhookIdOf } from '#lib/jobs/webhooks';
import { newSecret, signedHeaders } from '#lib/webhooks/signature';

describe('Standard Webhooks signatures', () => {
  it('verify with the reference library (standardwebhooks from npm)', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: 'article.published', timestamp: new Date().toISOString(), data: { article: { slug: 'a-ü-😀' } } });
    const headers = signedHeaders([secret], 'msg_abc', body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('fail verification with another secret or another body', () => {
    const body = '{"type":"article.deleted"}';
    const headers = signedHeaders([newSecret()], 'msg_abc', body);
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(newSecret()).verify(`${body} `, headers)).toThrow();
  });

  it('carry one signature per secret during a rotation, each verifying with its own secret', () => {
    const [current, previous] = [newSecret(), newSecret()];
    const body = '{"type":"profile.followed"}';
    const headers = signedHeaders([current, previous], 'msg_abc', body);
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
  });

  it('match the reference library byte for byte', () => {
    const secret = newSecret();
    const at = new Date('2026-11-26T12:00:00Z');
    const headers = signedHeaders([secret], 'msg_1', '{}', at.getTime());
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', at, '{}'));
  });
});

describe('webhook ids and retry delays', () => {
  it('give an event the same id for an endpoint every time, and another for another endpoint', () => {
    expect(webhookIdOf('event-1', 'endpoint-1')).toBe(webhookIdOf('event-1', 'endpoint-1'));
    expect(webhookIdOf('event-1', 'endpoint-1')).not.toBe(webhookIdOf('event-1', 'endpoint-2'));
    expect(webhookIdOf('event-1', 'endpoint-1')).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
  });

  it('double each time with jitter between half and all, never past 12 hours', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, 120, 1))).toEqual([120, 240, 480, 960]);
    expect(retryDelaySeconds(3, 120, 0)).toBe(240);
    expect(retryDelaySeconds(40, 120, 1)).toBe(43_200);
    const total = Array.from({ length: 9 }, (_, index) => retryDelaySeconds(index + 1, 120, 1)).reduce((sum, delay) => sum + delay, 0);
    expect(total / 3600).toBeGreaterThan(16);
    expect(total / 3600).toBeLessThan(18);
  });
});
