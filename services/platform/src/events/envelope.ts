import { randomUUID } from 'node:crypto';

/** The JSON envelope every domain event travels in (DESIGN.md, Data and events). */
export interface EventEnvelope<D = Record<string, unknown>> {
  id: string;
  /** e.g. hr.OrgUnitCreated */
  type: string;
  version: number;
  /** the publishing service */
  source: string;
  /** the aggregate id; also the Kafka key, so one aggregate's events stay in order */
  subject: string;
  tenant: string;
  occurredAt: string;
  /** who caused it: an employee id, or "system" */
  actor: string;
  data: D;
}

export interface EventDraft<D = Record<string, unknown>> {
  topic: string;
  type: string;
  version?: number;
  subject: string;
  data: D;
}

export interface EventOrigin {
  source: string;
  tenant: string;
  actor: string;
}

export function envelope<D>(draft: EventDraft<D>, origin: EventOrigin, now = new Date()): EventEnvelope<D> {
  return {
    id: randomUUID(),
    type: draft.type,
    version: draft.version ?? 1,
    source: origin.source,
    subject: draft.subject,
    tenant: origin.tenant,
    occurredAt: now.toISOString(),
    actor: origin.actor,
    data: draft.data,
  };
}
