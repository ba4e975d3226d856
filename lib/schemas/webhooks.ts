import * as z from 'zod/mini';
import { config } from '#lib/config';
import { BLANK } from '#lib/validation';
import { WebhookEventType } from '#lib/webhooks/events';
import { endpointUrlProblem } from '#lib/webhooks/url';

const url = () =>
  z.string({ error: BLANK }).check(
    z.maxLength(2048, 'is too long (maximum is 2048 characters)'),
    z.superRefine((value, context) => {
      const problem = endpointUrlProblem(value, config().stage === 'local');
      if (problem) context.issues.push({ code: 'custom', message: problem, input: value });
    }),
  );

const events = () =>
  z.pipe(
    z
      .array(WebhookEventType, { error: (issue) => (issue.input === undefined ? BLANK : `must be a list of: ${WebhookEventType.options.join(', ')}`) })
      .check(z.minLength(1, 'must name at least one event')),
    z.transform((names: WebhookEventType[]) => [...new Set(names)].sort()),
  );

export const NewWebhookBody = /* @__PURE__ */ z.lazy(() =>
  z.object({
    webhook: z.object({ url: url(), events: events(), enabled: z.optional(z.boolean()) }, { error: BLANK }),
  }),
);

export const UpdateWebhookBody = /* @__PURE__ */ z.lazy(() =>
  z.object({
    webhook: z
      .object({ url: z.optional(url()), events: z.optional(events()), enabled: z.optional(z.boolean()) }, { error: BLANK })
      .check(z.refine((webhook) => Object.values(webhook).some((value) => value !== undefined), { message: 'must name at least one field to change' })),
  }),
);

export const WebhookParams = /* @__PURE__ */ z.lazy(() => z.object({ id: z.string().check(z.regex(/^[0-9a-f-]{36}$/, 'is not a webhook id')) }));

export const DeliveriesQuery = /* @__PURE__ */ z.lazy(() =>
  z.object({
    limit: z.pipe(
      z.optional(
        z.pipe(
          z.pipe(z.string().check(z.regex(/^\d+$/, 'must be a whole number')), z.transform(Number)),
          z.number().check(z.minimum(1, 'must be at least 1'), z.maximum(100, 'must be at most 100')),
        ),
      ),
      z.transform((value: number | undefined) => value ?? 20),
    ),
  }),
);
