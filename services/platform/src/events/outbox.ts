import { Schema, type Model, type UpdateQuery } from 'mongoose';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { ContractRegistry } from './contracts';
import { envelope, type EventDraft, type EventEnvelope, type EventOrigin } from './envelope';
import type { TopicNaming } from './kafka';

/**
 * The transactional outbox without multi-document transactions: an aggregate's pending events live
 * in its own document (`outbox`), written by the same single-document write as the change they
 * announce. A relay publishes them and then removes them, so a Kafka outage delays events but loses
 * none, and a crash between publish and removal re-publishes (consumers are idempotent).
 */
export interface OutboxEntry {
  _id: string;
  topic: string;
  key: string;
  type: string;
  payload: string;
}

export interface WithOutbox {
  outbox: OutboxEntry[];
  outboxPending: boolean;
  /** bumped by every write that appends events, so the relay can remove what it published without
   * losing an event appended meanwhile (FerretDB's $pull can't match on a subdocument's field) */
  outboxSeq: number;
}

const outboxEntrySchema = new Schema<OutboxEntry>(
  { _id: { type: String, required: true }, topic: { type: String, required: true }, key: String, type: String, payload: { type: String, required: true } },
  { _id: false },
);

/**
 * The relay of each model, told about every write of one of its documents that carries new events,
 * so it publishes that document at once, looked up by _id. Scanning for `outboxPending` instead
 * costs a full collection scan on FerretDB (it uses no index but _id); the relay's periodic scan
 * is only the safety net.
 */
const writeListeners = new WeakMap<object, (id: unknown) => void>();

function announce(model: unknown, id: unknown): void {
  if (model) writeListeners.get(model)?.(id);
}

/** Adds `outbox` and the indexed `outboxPending` flag, and tells the model's relay about writes that add events. */
export function outboxPlugin(schema: Schema): void {
  schema.add({ outbox: { type: [outboxEntrySchema], default: [] }, outboxPending: { type: Boolean, default: false }, outboxSeq: { type: Number, default: 0 } });
  schema.index({ outboxPending: 1 });
  // Model.create() and doc.save()
  schema.post('save', function (doc: { outboxPending?: boolean; _id: unknown; constructor: unknown }) {
    if (doc.outboxPending) announce(doc.constructor, doc._id);
  });
  // withEvents() sets outboxPending; every write of ours that appends events filters by _id
  schema.post(['updateOne', 'findOneAndUpdate'], function (this: { getUpdate(): unknown; getFilter(): unknown; model: unknown }) {
    const update = this.getUpdate() as { $set?: { outboxPending?: unknown } } | null;
    if (update?.$set?.outboxPending !== true) return;
    const id = (this.getFilter() as { _id?: unknown })._id;
    // an _id that is not a plain value (an operator) leaves the document to the next scan
    announce(this.model, id !== null && typeof id === 'object' ? undefined : id);
  });
}

/** Builds contract-checked events for a service: a bad event fails the mutation, before any write. */
export class EventFactory {
  constructor(
    private readonly contracts: ContractRegistry,
    private readonly naming: TopicNaming,
    private readonly source: string,
  ) {}

  entry<D extends object>(draft: EventDraft<D>, origin: Omit<EventOrigin, 'source'>): OutboxEntry {
    const event = envelope(draft, { ...origin, source: this.source });
    this.contracts.validate(event);
    return { _id: event.id, topic: this.naming.topic(draft.topic), key: draft.subject, type: draft.type, payload: JSON.stringify(event) };
  }
}

/** Merges pending events into an update, so the change and its events are one write. */
export function withEvents<T>(update: UpdateQuery<T>, entries: OutboxEntry[]): UpdateQuery<T> {
  if (entries.length === 0) return update;
  const u = update as Record<string, Record<string, unknown> | undefined>;
  return {
    ...update,
    $set: { ...(u.$set ?? {}), outboxPending: true },
    $push: { ...(u.$push ?? {}), outbox: { $each: entries } },
    $inc: { ...(u.$inc ?? {}), outboxSeq: 1 },
  } as UpdateQuery<T>;
}

/** Fields for a new document that is born with events. */
export function newWithEvents(entries: OutboxEntry[]): WithOutbox {
  return { outbox: entries, outboxPending: entries.length > 0, outboxSeq: entries.length > 0 ? 1 : 0 };
}

export interface OutboxRelay {
  start(): Promise<void>;
  /** Publishes now instead of at the next poll: called after a write, for sub-second propagation. */
  nudge(): void;
  /** Publishes everything pending, or throws if Kafka refuses. */
  flush(): Promise<void>;
  stop(): Promise<void>;
  readiness(): { ok: boolean; detail?: string };
  /** The events published so far by this relay (for logs and benchmarks). */
  published(): number;
}

export interface OutboxRelayOptions {
  logger: Logger;
  kafka: Kafka;
  models: Model<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** the safety-net scan's shortest interval: after a scan that finds nothing it doubles, up to `maxPollMs` */
  pollMs: number;
  maxPollMs?: number;
  batchSize?: number;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const log = options.logger.child({ component: 'outbox-relay' });
  const batchSize = options.batchSize ?? 200;
  let producer: Producer | undefined;
  let connected = false;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let again = false;
  let failures = 0;
  let lastError: string | undefined;
  let count = 0;
  /** documents written with new events since the last drain, by model */
  const written = new Map<Model<WithOutbox>, Set<unknown>>();
  /** whether the next drain scans every outbox (the periodic safety net, start, flush, stop) */
  let scanWanted = true;
  let lastScan = 0;
  // On FerretDB a scan reads every document of every outbox collection (660 budgets: 0.4 s), so a
  // scan that finds nothing pending waits twice as long for the next; finding something resets it.
  const maxPollMs = options.maxPollMs ?? Math.max(options.pollMs, 30_000);
  let scanEveryMs = options.pollMs;

  const newProducer = () =>
    options.kafka.producer({
      // idempotent + acks -1: a retried send never duplicates or reorders within a partition
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });

  async function publishDoc(model: Model<WithOutbox>, id: unknown, entries: OutboxEntry[], seq: number): Promise<void> {
    if (!producer) throw new Error('producer not started');
    if (!connected) {
      await producer.connect();
      connected = true;
    }
    const byTopic = new Map<string, OutboxEntry[]>();
    for (const entry of entries) byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({ key: e.key, value: e.payload, headers: { 'event-type': e.type, 'event-id': e._id } })),
      })),
    });
    count += entries.length;
    await removePublished(model, id, new Set(entries.map((e) => e._id)), seq);
  }

  /** Removes the published entries; if events were appended meanwhile, keeps those and tries again. */
  async function removePublished(model: Model<WithOutbox>, id: unknown, published: Set<string>, seq: number): Promise<void> {
    let expected = seq;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const current = attempt === 0 ? undefined : await model.findById(id, { outbox: 1, outboxSeq: 1 }).lean<Pick<WithOutbox, 'outbox' | 'outboxSeq'>>();
      if (attempt > 0 && !current) return;
      if (current) expected = current.outboxSeq ?? 0;
      const remaining = current ? current.outbox.filter((e) => !published.has(e._id)) : [];
      const result = await model.updateOne({ _id: id, outboxSeq: expected }, { $set: { outbox: remaining, outboxPending: remaining.length > 0 } });
      if (result.matchedCount === 1) return;
    }
    // left as is: the entries go out once more later, and consumers drop the duplicates
    log.warn({ id }, 'could not remove published events from a busy document; they will be re-sent');
  }

  /** Publishes a pending document's events, or clears the flag of one whose outbox is empty. */
  async function drainDoc(model: Model<WithOutbox>, doc: Pick<WithOutbox, 'outbox' | 'outboxSeq'> & { _id: unknown }): Promise<void> {
    if (doc.outbox.length === 0) await model.updateOne({ _id: doc._id, outboxSeq: doc.outboxSeq ?? 0 }, { $set: { outboxPending: false } });
    else await publishDoc(model, doc._id, doc.outbox, doc.outboxSeq ?? 0);
  }

  /** Publishes the documents written since the last drain, each looked up by _id. */
  async function drainWritten(): Promise<void> {
    for (const [model, ids] of written) {
      const list = [...ids];
      ids.clear();
      for (const id of list) {
        const doc = await model.findById(id, { outbox: 1, outboxSeq: 1, outboxPending: 1 }).lean<WithOutbox & { _id: unknown }>();
        if (doc?.outboxPending) await drainDoc(model, doc);
      }
    }
  }

  /** Drains the written documents and (`scan`) every outbox; returns how many pending documents the scan found. */
  async function drainOnce(scan = true): Promise<number> {
    await drainWritten();
    if (!scan) return 0;
    let found = 0;
    for (const model of options.models as Model<WithOutbox>[]) {
      for (;;) {
        const docs = await model.find({ outboxPending: true }, { outbox: 1, outboxSeq: 1 }).limit(batchSize).lean();
        found += docs.length;
        for (const doc of docs) await drainDoc(model, doc);
        if (docs.length < batchSize) break;
      }
    }
    return found;
  }

  function schedule(ms: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(true), ms);
  }

  /** A drain: of the written documents only, or (`scan`) of every outbox too. */
  async function tick(scan: boolean): Promise<void> {
    scanWanted ||= scan;
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      do {
        again = false;
        const full = scanWanted;
        scanWanted = false;
        try {
          const found = await drainOnce(full);
          if (full) {
            lastScan = Date.now();
            scanEveryMs = found > 0 ? options.pollMs : Math.min(maxPollMs, scanEveryMs * 2);
          }
          if (failures > 0) log.info({ after: failures }, 'Kafka accepts events again; the outbox is draining');
          failures = 0;
          lastError = undefined;
        } catch (error) {
          failures += 1;
          lastError = (error as Error).message;
          connected = false;
          // what was written meanwhile is found by the next drain's scan
          scanWanted = true;
          scanEveryMs = options.pollMs;
          // events stay in their documents; the next attempt publishes them
          log.warn({ err: lastError, failures }, 'could not publish pending events; will retry');
          break;
        }
      } while (again && running);
    })();
    try {
      await draining;
    } finally {
      draining = undefined;
      // the periodic scan keeps its rhythm however often writes wake the relay in between
      const backoff = failures === 0 ? Math.max(0, scanEveryMs - (Date.now() - lastScan)) : Math.min(5_000, 250 * 2 ** Math.min(failures, 5));
      schedule(backoff);
    }
  }

  return {
    async start() {
      producer = newProducer();
      running = true;
      for (const model of options.models as Model<WithOutbox>[]) {
        written.set(model, new Set());
        writeListeners.set(model, (id) => {
          if (id === undefined) {
            scanWanted = true;
            scanEveryMs = options.pollMs;
          }
          else written.get(model)?.add(id);
          if (running) void tick(false);
        });
      }
      try {
        await producer.connect();
        connected = true;
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'Kafka is not reachable yet; events wait in the outbox');
      }
      schedule(0);
    },
    nudge() {
      // the writes themselves were announced (outboxPlugin); this drains them now if not already
      if (running) void tick(false);
    },
    async flush() {
      await draining;
      await drainOnce();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      for (const model of options.models) writeListeners.delete(model);
      await draining;
      try {
        if (connected) await drainOnce();
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'events left in the outbox at shutdown; they go out at the next start');
      }
      await producer?.disconnect().catch(() => undefined);
    },
    readiness() {
      return failures === 0 ? { ok: true } : { ok: false, detail: `outbox relay failing: ${lastError ?? 'unknown'}` };
    },
    published: () => count,
  };
}

export type { EventEnvelope };
