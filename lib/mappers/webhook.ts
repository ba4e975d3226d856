import type { WebhookDelivery, WebhookEndpoint } from '#lib/db/entities';

/** An endpoint as its owner sees it; the secret only where it was just made (create, rotate). */
export const toWebhook = (endpoint: WebhookEndpoint, options: { withSecret?: boolean } = {}) => ({
  id: endpoint.endpointId,
  url: endpoint.url,
  events: endpoint.events,
  enabled: endpoint.enabled,
  createdAt: endpoint.createdAt,
  updatedAt: endpoint.updatedAt,
  disabledAt: endpoint.disabledAt ?? null,
  disabledReason: endpoint.disabledReason ?? null,
  ...(options.withSecret && { secret: endpoint.secret }),
});

export const toDelivery = (delivery: WebhookDelivery) => ({
  id: delivery.webhookId,
  type: delivery.type,
  status: delivery.status,
  attempts: delivery.attempts,
  responseStatus: delivery.responseStatus ?? null,
  error: delivery.error ?? null,
  createdAt: delivery.createdAt,
  lastAttemptAt: delivery.lastAttemptAt ?? null,
  nextAttemptAt: delivery.nextAttemptAt ?? null,
});
