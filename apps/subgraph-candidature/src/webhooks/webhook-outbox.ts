import type { DataSource, EntityManager } from 'typeorm';

export const WEBHOOK_EVENTS = ['CANDIDATURE_SUBMITTED', 'DECISION_RECORDED', 'PAYMENT_RECORDED', 'USAGE_TARGET_MISSED'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Which `candidature_event` action makes which webhook event. */
const EVENT_OF_ACTION: Record<string, WebhookEvent> = {
  submit: 'CANDIDATURE_SUBMITTED',
  retain: 'DECISION_RECORDED',
  not_retain: 'DECISION_RECORDED',
  postpone: 'DECISION_RECORDED',
  pay_advance: 'PAYMENT_RECORDED',
  pay_balance: 'PAYMENT_RECORDED',
  record_payment: 'PAYMENT_RECORDED',
  usage_target_missed: 'USAGE_TARGET_MISSED',
};

export const webhookEventOf = (action: string): WebhookEvent | null => EVENT_OF_ACTION[action] ?? null;

/**
 * Event details copied into the payload's `data`, by event (an allow-list: no actor, no personal data). USAGE_TARGET_MISSED
 * names the ESSMS (FINESS), the measured month and period, the target code with the expected and measured rates.
 */
const DETAILS_OF_EVENT: Partial<Record<WebhookEvent, readonly string[]>> = {
  USAGE_TARGET_MISSED: ['finess', 'month', 'periodFrom', 'periodTo', 'expectedEnd', 'indicator', 'expectedRate', 'measuredRate'],
};

export function webhookDetails(event: WebhookEvent, details: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries((DETAILS_OF_EVENT[event] ?? []).map((key) => [key, details[key] ?? null]));
}

/**
 * Called by `insertEvent` with the SAME EntityManager (transaction) as the state change: one pending delivery per
 * active subscription to this event (and, for API clients, to the file's pivot region). If this insert fails, the
 * whole state change rolls back; if the state change rolls back, no delivery exists.
 */
export async function enqueueWebhookDeliveries(
  db: DataSource | EntityManager,
  e: { candidatureId: string; action: string; fromState: string | null; toState: string | null; at?: Date; details?: Record<string, unknown> },
): Promise<void> {
  const event = webhookEventOf(e.action);
  if (!event) return;
  const occurredAt = (e.at ?? new Date()).toISOString();
  await db.query(
    `INSERT INTO webhook_delivery (id, subscription_id, event, candidature_id, payload)
     SELECT gen_random_uuid(), s.id, $1, c.id,
            jsonb_build_object('event', $1::text, 'occurredAt', $2::text,
              'data', jsonb_build_object('candidatureId', c.id, 'reference', c.reference, 'pivotRegion', c.pivot_region,
                                         'action', $4::text, 'fromState', $5::text, 'toState', $6::text) || $7::jsonb)
       FROM webhook_subscription s JOIN candidature c ON c.id = $3
      WHERE s.active AND $1 = ANY(s.events) AND (s.regions IS NULL OR c.pivot_region = ANY(s.regions))`,
    [event, occurredAt, e.candidatureId, e.action, e.fromState, e.toState, JSON.stringify(webhookDetails(event, e.details))],
  );
}
