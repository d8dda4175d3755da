/**
 * Async events of the local runtime: what `@forge/events` `Queue.push/getStats/cancel` reach through
 * `__forge_fetch__({ type: 'fpp', provider: 'app', remote: 'stargate' }, '/webhook/queue/{publish|stats|cancel}/...')`.
 *
 * Delivery is at-least-once. A handler answering an `InvocationError` (`{ _retry: true, retryOptions }`) is
 * redelivered after `retryAfter` seconds with `retryContext`; a handler that throws is retried with
 * exponential backoff up to `maxRetries` times. All delays are multiplied by `delayScale`.
 */
import { randomUUID } from 'node:crypto';
import type { ConsumerDecl } from './manifest';
import type { Principal } from './context';

export interface RetryContext {
  retryCount: number;
  retryReason: string;
  retryData?: unknown;
}

/** One event as the consumer receives it (the `AsyncEvent` of @forge/events). */
export interface QueuedEvent {
  queueName: string;
  jobId: string;
  eventId: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  retryContext?: RetryContext;
}

export interface EventQueueOptions {
  consumers: ConsumerDecl[];
  /** Runs the consumer for one event and answers the handler's result (throws if the handler threw). */
  deliver(consumer: ConsumerDecl, event: QueuedEvent, principal?: Principal): Promise<unknown>;
  /** Multiplies every delay (push delays, retryAfter, backoff); 0 in tests. Default 1. */
  delayScale?: number;
  /** Deliver each event a second time after the first delivery, to prove consumers are idempotent. */
  duplicateDelivery?: boolean;
  /** Retries after a thrown error. Default 3. */
  maxRetries?: number;
  /** Redeliveries requested with InvocationError. Default 4. */
  maxRequestedRetries?: number;
  /** First backoff after a thrown error, in seconds; doubles each time. Default 2. */
  backoffSeconds?: number;
  log?: (message: string) => void;
}

export interface QueueCounters {
  pushed: number;
  delivered: number;
  retried: number;
  failed: number;
  duplicates: number;
}

interface JobStats {
  queueName: string;
  success: number;
  inProgress: number;
  failed: number;
}

interface ScheduledDelivery {
  event: QueuedEvent;
  principal?: Principal;
  timer: NodeJS.Timeout;
}

export class EventQueue {
  readonly counters: QueueCounters = { pushed: 0, delivered: 0, retried: 0, failed: 0, duplicates: 0 };
  private readonly scheduled = new Set<ScheduledDelivery>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly jobs = new Map<string, JobStats>();
  private closed = false;

  constructor(private readonly options: EventQueueOptions) {}

  /** Answers a `/webhook/queue/...` call of @forge/events. */
  async handle(path: string, init: RequestInit | undefined, principal?: Principal): Promise<Response> {
    const body = init?.body ? JSON.parse(String(init.body)) : {};
    if (path.startsWith('/webhook/queue/publish/')) return this.publish(body, principal);
    if (path.startsWith('/webhook/queue/stats/')) {
      const job = this.jobs.get(body.jobId);
      if (!job || job.queueName !== body.queueName) return json(404, { message: 'Job not found' });
      return json(200, { success: job.success, inProgress: job.inProgress, failed: job.failed });
    }
    if (path.startsWith('/webhook/queue/cancel/')) {
      const job = this.jobs.get(body.jobId);
      if (!job || job.queueName !== body.queueName) return json(404, { message: 'Job not found' });
      for (const s of [...this.scheduled]) {
        if (s.event.jobId === body.jobId) {
          clearTimeout(s.timer);
          this.scheduled.delete(s);
          job.inProgress--;
        }
      }
      this.checkIdle();
      return new Response(null, { status: 204 });
    }
    return json(404, { message: `Unknown queue API path: ${path}` });
  }

  /** Resolves when no event is scheduled or being delivered, including events pushed meanwhile. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.scheduled.size === 0 && this.inFlight === 0;
  }

  /** Drops scheduled deliveries and stops accepting new ones. */
  close(): void {
    this.closed = true;
    for (const s of this.scheduled) clearTimeout(s.timer);
    this.scheduled.clear();
    this.checkIdle();
  }

  private publish(
    request: { queueName: string; jobId: string; payload: { body: Record<string, unknown>; delayInSeconds?: number }[] },
    principal?: Principal,
  ): Response {
    if (this.closed) return json(503, { message: 'The local runtime is shutting down' });
    if (!this.consumerFor(request.queueName)) {
      this.log(`no consumer is declared in the manifest for queue "${request.queueName}"`);
    }
    const job: JobStats = { queueName: request.queueName, success: 0, inProgress: 0, failed: 0 };
    this.jobs.set(request.jobId, job);
    for (const pushed of request.payload) {
      const event: QueuedEvent = {
        ...pushed,
        queueName: request.queueName,
        jobId: request.jobId,
        eventId: randomUUID(),
      };
      this.counters.pushed++;
      job.inProgress++;
      this.schedule(event, pushed.delayInSeconds ?? 0, principal);
    }
    return json(201, {});
  }

  private consumerFor(queueName: string): ConsumerDecl | undefined {
    return this.options.consumers.find((c) => c.queue === queueName);
  }

  private schedule(event: QueuedEvent, delaySeconds: number, principal?: Principal): void {
    const ms = Math.max(0, delaySeconds * 1000 * (this.options.delayScale ?? 1));
    const entry: ScheduledDelivery = {
      event,
      principal,
      timer: setTimeout(() => {
        this.scheduled.delete(entry);
        void this.run(event, principal);
      }, ms),
    };
    this.scheduled.add(entry);
  }

  private async run(event: QueuedEvent, principal?: Principal): Promise<void> {
    this.inFlight++;
    const job = this.jobs.get(event.jobId);
    try {
      const consumer = this.consumerFor(event.queueName);
      if (!consumer) {
        this.counters.failed++;
        if (job) (job.inProgress--, job.failed++);
        return;
      }
      const outcome = await this.attempt(consumer, event, principal);
      if (outcome.kind === 'ok') {
        this.counters.delivered++;
        if (this.options.duplicateDelivery) await this.deliverDuplicate(consumer, event, principal);
        if (job) (job.inProgress--, job.success++);
        return;
      }
      const retryCount = (event.retryContext?.retryCount ?? 0) + 1;
      const limit = outcome.kind === 'retry' ? this.options.maxRequestedRetries ?? 4 : this.options.maxRetries ?? 3;
      if (retryCount > limit || this.closed) {
        this.counters.failed++;
        if (job) (job.inProgress--, job.failed++);
        this.log(`event ${event.eventId} on queue ${event.queueName} failed after ${retryCount - 1} retries: ${outcome.reason}`);
        return;
      }
      this.counters.retried++;
      const retryContext: RetryContext = {
        retryCount,
        retryReason: outcome.reason,
        ...(outcome.retryData !== undefined ? { retryData: outcome.retryData } : {}),
      };
      const delay = outcome.kind === 'retry' ? outcome.retryAfter : (this.options.backoffSeconds ?? 2) * 2 ** (retryCount - 1);
      this.schedule({ ...event, retryContext }, delay, principal);
    } finally {
      this.inFlight--;
      this.checkIdle();
    }
  }

  private async attempt(
    consumer: ConsumerDecl,
    event: QueuedEvent,
    principal?: Principal,
  ): Promise<
    | { kind: 'ok' }
    | { kind: 'retry'; retryAfter: number; reason: string; retryData?: unknown }
    | { kind: 'error'; reason: string; retryData?: undefined }
  > {
    try {
      const result = await this.options.deliver(consumer, event, principal);
      if (isRetryRequest(result)) {
        const opts = result.retryOptions ?? {};
        return {
          kind: 'retry',
          retryAfter: typeof opts.retryAfter === 'number' && opts.retryAfter > 0 ? opts.retryAfter : 1,
          reason: opts.retryReason ?? 'FUNCTION_RETRY_REQUEST',
          retryData: opts.retryData,
        };
      }
      return { kind: 'ok' };
    } catch (err) {
      this.log(`consumer ${consumer.key} threw on event ${event.eventId}: ${(err as Error)?.stack ?? err}`);
      return { kind: 'error', reason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' };
    }
  }

  private async deliverDuplicate(consumer: ConsumerDecl, event: QueuedEvent, principal?: Principal): Promise<void> {
    this.counters.duplicates++;
    try {
      await this.options.deliver(consumer, event, principal);
    } catch (err) {
      this.log(`duplicate delivery of event ${event.eventId} threw: ${(err as Error)?.message ?? err}`);
    }
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.error(`[local-runtime] ${m}`)))(message);
  }
}

/** The shape an `InvocationError` (or a `QueueResponse` after `retry()`) takes once returned by a handler. */
export function isRetryRequest(
  value: unknown,
): value is { _retry: true; retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } } {
  return typeof value === 'object' && value !== null && (value as { _retry?: unknown })._retry === true;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
