// Outbound webhooks: employers (and admins for them) register endpoints per company with the
// event types they want; each event becomes one delivery per subscribed endpoint, queued
// through the outbox (nothing is lost if Redis is down) and sent as Standard Webhooks
// (`webhook-id`, `webhook-timestamp`, `webhook-signature`, signed with the endpoint's secret).
// A failed delivery is retried with exponential backoff (WEBHOOK_BACKOFF_MS, doubling), or later
// when a receiver's 429 or 503 asks for more time (Retry-After), until WEBHOOK_RETRY_WINDOW_MS
// after the event; every attempt is logged (status, latency, code) and
// a delivery can be replayed. An endpoint with no success for WEBHOOK_DISABLE_AFTER_MS is
// disabled, and its company hears of it by a `webhook.endpoint_disabled` event.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import { LOGGER } from '../../common/core.module.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { retryAfterMs } from '../../common/http/retry-after.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { decodeCursor, encodeCursor, type Page } from '../../common/pagination/cursor.js';
import { AppConfig } from '../../config/app-config.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import type { JobOutcome } from '../../queues/queue.types.js';
import { canSeeCompany, isAdmin, visibleOr } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { checkUrlShape, guardedLookup, resolveTarget } from './ssrf.js';
import { type DeliveryAttempt, WebhookDelivery, WebhookEndpoint, type WebhookEventType } from './webhook.schema.js';

export interface WebhookEndpointView {
  id: string;
  companyId: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryView {
  id: string;
  /** The `webhook-id` the receiver sees (the same on every attempt and replay). */
  eventId: string;
  endpointId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: { at: string; statusCode: number | null; latencyMs: number; error: string | null }[];
  occurredAt: string;
  deliveredAt: string | null;
}

export interface EndpointInput {
  url?: string;
  events?: WebhookEventType[];
  enabled?: boolean;
  companyId?: string;
}

/** Attempts kept per delivery (the oldest are dropped). */
const MAX_ATTEMPTS_LOGGED = 50;
/** Bytes of a receiver's answer read (the rest is discarded). */
const MAX_ANSWER_BYTES = 64 * 1024;

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

function endpointView(e: WebhookEndpoint): WebhookEndpointView {
  return { id: e._id, companyId: e.companyId, url: e.url, events: e.events, enabled: e.enabled, disabledReason: e.disabledReason ?? null, failingSince: iso(e.failingSince), createdAt: iso(e.createdAt)!, updatedAt: iso(e.updatedAt)! };
}

function deliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d._id,
    eventId: d.eventId,
    endpointId: d.endpointId,
    type: d.type,
    data: d.data,
    status: d.status,
    attempts: (d.attempts ?? []).map((a) => ({ at: iso(a.at)!, statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error })),
    occurredAt: iso(d.occurredAt)!,
    deliveredAt: iso(d.deliveredAt),
  };
}

@Injectable()
export class WebhooksService {
  constructor(
    @InjectModel(WebhookEndpoint.name) private readonly endpoints: Model<WebhookEndpoint>,
    @InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The company a caller acts for: an employer's own; an admin names one. */
  private companyOf(principal: Principal, asked?: string): string {
    if (isAdmin(principal)) {
      if (!asked) throw DomainError.validation([{ field: 'companyId', messages: ['companyId is required for admins'] }]);
      return asked;
    }
    if (!principal.companyId) throw new DomainError(ErrorCode.FORBIDDEN, 'You belong to no company');
    return principal.companyId;
  }

  private async endpointFor(principal: Principal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findById(id).lean<WebhookEndpoint>().exec();
    return visibleOr(endpoint, (e) => canSeeCompany(principal, e.companyId), () => DomainError.notFound(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, 'Webhook endpoint'));
  }

  private async checkTarget(raw: string): Promise<string> {
    const url = checkUrlShape(raw);
    await resolveTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    return url.href;
  }

  /** Registers an endpoint; the answer carries its signing secret (shown this once). */
  async create(principal: Principal, input: Required<Pick<EndpointInput, 'url' | 'events'>> & EndpointInput): Promise<WebhookEndpointView & { secret: string }> {
    const companyId = this.companyOf(principal, input.companyId);
    const url = await this.checkTarget(input.url);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const created = await this.endpoints.create({ _id: randomUUID(), companyId, url, events: [...new Set(input.events)], secret, enabled: true, disabledReason: null, failingSince: null, createdBy: principal.userId });
    return { ...endpointView(created.toObject()), secret };
  }

  async list(principal: Principal, limit: number, cursor?: string, companyId?: string): Promise<Page<WebhookEndpointView>> {
    const filter: Record<string, unknown> = isAdmin(principal) ? (companyId ? { companyId } : {}) : { companyId: this.companyOf(principal) };
    if (cursor) filter._id = { $gt: decodeCursor(cursor).id };
    const rows = await this.endpoints.find(filter).sort({ _id: 1 }).limit(limit).lean<WebhookEndpoint[]>().exec();
    const last = rows.at(-1);
    return { items: rows.map(endpointView), nextCursor: rows.length === limit && last ? encodeCursor(last._id, last._id) : null };
  }

  async get(principal: Principal, id: string): Promise<WebhookEndpointView> {
    return endpointView(await this.endpointFor(principal, id));
  }

  /** Changes the URL, the events or whether it is on; turning it on again clears its failure record. */
  async update(principal: Principal, id: string, input: EndpointInput): Promise<WebhookEndpointView> {
    await this.endpointFor(principal, id);
    const set: Record<string, unknown> = {};
    if (input.url !== undefined) set.url = await this.checkTarget(input.url);
    if (input.events !== undefined) set.events = [...new Set(input.events)];
    if (input.enabled !== undefined) Object.assign(set, input.enabled ? { enabled: true, disabledReason: null, failingSince: null } : { enabled: false, disabledReason: 'turned off by its owner' });
    const updated = await this.endpoints.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' }).lean<WebhookEndpoint>().exec();
    if (!updated) throw DomainError.notFound(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, 'Webhook endpoint');
    return endpointView(updated);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.endpointFor(principal, id);
    await this.endpoints.deleteOne({ _id: id }).exec();
  }

  /** An endpoint's deliveries, newest first: status, and every attempt's time, status code and latency. */
  async deliveriesOf(principal: Principal, endpointId: string, limit: number, cursor?: string): Promise<Page<WebhookDeliveryView>> {
    await this.endpointFor(principal, endpointId);
    const filter: Record<string, unknown> = { endpointId };
    if (cursor) {
      const at = decodeCursor(cursor);
      filter.$or = [{ createdAt: { $lt: at.value } }, { createdAt: at.value, _id: { $lt: at.id } }];
    }
    const rows = await this.deliveries.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<WebhookDelivery[]>().exec();
    const last = rows.at(-1);
    return { items: rows.map(deliveryView), nextCursor: rows.length === limit && last ? encodeCursor(last.createdAt, last._id) : null };
  }

  /** Sends a delivery again (same `webhook-id`), whatever became of it; a new retry series. */
  async replay(principal: Principal, deliveryId: string): Promise<WebhookDeliveryView> {
    visibleOr(await this.deliveries.findById(deliveryId).lean<WebhookDelivery>().exec(), (d) => canSeeCompany(principal, d.companyId), () =>
      DomainError.notFound(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, 'Webhook delivery'),
    );
    // The retry window restarts from the replay.
    const replayed = await this.deliveries
      .findByIdAndUpdate(deliveryId, { $set: { status: 'pending', occurredAt: new Date() }, $inc: { replays: 1 } }, { returnDocument: 'after' })
      .lean<WebhookDelivery>()
      .exec();
    await this.outbox.trigger(Intents.deliverWebhook(deliveryId, replayed!.replays));
    return deliveryView(replayed!);
  }

  /**
   * An event of a company: one delivery per enabled endpoint subscribed to its type. `eventId`
   * names the event, so emitting it again (a retried job, a second trigger) delivers nothing twice.
   */
  async emit(companyId: string, type: WebhookEventType, eventId: string, data: Record<string, unknown>, except?: string): Promise<number> {
    const targets = await this.endpoints.find({ companyId, enabled: true, events: type, ...(except ? { _id: { $ne: except } } : {}) }, { _id: 1 }).lean<{ _id: string }[]>().exec();
    let queued = 0;
    for (const { _id: endpointId } of targets) {
      const id = `${eventId}.${endpointId}`;
      const result = await this.deliveries
        .updateOne({ _id: id }, { $setOnInsert: { eventId, endpointId, companyId, type, data, occurredAt: new Date(), status: 'pending', attempts: [], deliveredAt: null, replays: 0 } }, { upsert: true })
        .exec();
      if (result.upsertedCount === 1) {
        await this.outbox.trigger(Intents.deliverWebhook(id));
        queued++;
      }
    }
    return queued;
  }

  /** One attempt of a delivery (the worker's job). */
  async deliver(deliveryId: string, final: boolean): Promise<JobOutcome> {
    const delivery = await this.deliveries.findById(deliveryId).lean<WebhookDelivery>().exec();
    if (!delivery) return { status: 'skipped', reason: 'no such delivery' };
    // Already delivered (a job run again after a crash, or a duplicate trigger): nothing twice.
    if (delivery.status !== 'pending') return { status: 'skipped', reason: `delivery is ${delivery.status}` };
    const endpoint = await this.endpoints.findById(delivery.endpointId).lean<WebhookEndpoint>().exec();
    if (!endpoint || !endpoint.enabled) {
      await this.settle(delivery, 'failed');
      return { status: 'skipped', reason: endpoint ? 'endpoint disabled' : 'endpoint removed' };
    }
    const { attempt, askedMs } = await this.send(endpoint, delivery);
    await this.deliveries.updateOne({ _id: deliveryId }, { $push: { attempts: { $each: [attempt], $slice: -MAX_ATTEMPTS_LOGGED } } }).exec();
    if (attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300) {
      await this.settle(delivery, 'delivered');
      await this.endpoints.updateOne({ _id: endpoint._id }, { $set: { failingSince: null } }).exec();
      return { status: 'done', result: { statusCode: attempt.statusCode, latencyMs: attempt.latencyMs } };
    }
    const now = new Date();
    await this.endpoints.updateOne({ _id: endpoint._id, failingSince: null }, { $set: { failingSince: now } }).exec();
    await this.disableIfFailingTooLong(endpoint._id, now);
    const reason = attempt.error ?? `answered ${attempt.statusCode}`;
    const expired = now.getTime() - new Date(delivery.occurredAt).getTime() >= this.config.WEBHOOK_RETRY_WINDOW_MS;
    if (final || expired) {
      await this.settle(delivery, 'failed');
      return { status: 'failed', reason: `${reason}; given up`, retry: false };
    }
    if (askedMs === undefined) return { status: 'failed', reason, retry: true };
    // The receiver asked for time: the next attempt waits that long or the backoff this attempt
    // would get (it doubles with the attempts so far), whichever is longer, and never past the window.
    const backoffMs = this.config.WEBHOOK_BACKOFF_MS * 2 ** Math.min(delivery.attempts?.length ?? 0, 40);
    const windowLeftMs = new Date(delivery.occurredAt).getTime() + this.config.WEBHOOK_RETRY_WINDOW_MS - now.getTime();
    return { status: 'failed', reason: `${reason}, asking for ${Math.ceil(askedMs / 1000)} s`, retry: true, retryAfterMs: Math.min(Math.max(askedMs, backoffMs), windowLeftMs) };
  }

  private async settle(delivery: WebhookDelivery, status: 'delivered' | 'failed'): Promise<void> {
    await this.deliveries.updateOne({ _id: delivery._id, status: 'pending' }, { $set: { status, ...(status === 'delivered' ? { deliveredAt: new Date() } : {}) } }).exec();
  }

  private async disableIfFailingTooLong(endpointId: string, now: Date): Promise<void> {
    const since = new Date(now.getTime() - this.config.WEBHOOK_DISABLE_AFTER_MS);
    const reason = `no successful delivery since ${since.toISOString()} or earlier`;
    const disabled = await this.endpoints
      .findOneAndUpdate({ _id: endpointId, enabled: true, failingSince: { $lte: since } }, { $set: { enabled: false, disabledReason: reason } }, { returnDocument: 'after' })
      .lean<WebhookEndpoint>()
      .exec();
    if (!disabled) return;
    this.logger.warn({ endpointId, companyId: disabled.companyId, url: disabled.url }, 'webhook endpoint disabled after failing for too long');
    await this.emit(disabled.companyId, 'webhook.endpoint_disabled', `endpoint-disabled.${endpointId}.${now.getTime()}`, { endpointId, url: disabled.url, reason }, endpointId);
  }

  /**
   * The HTTP request: signed, to the checked address only, no redirects followed, within the
   * timeout. With the attempt, the wait a 429 or 503 asked for (Retry-After), if any.
   */
  private send(endpoint: WebhookEndpoint, delivery: WebhookDelivery): Promise<{ attempt: DeliveryAttempt; askedMs?: number }> {
    const at = new Date();
    const body = JSON.stringify({ type: delivery.type, timestamp: new Date(delivery.occurredAt).toISOString(), data: { ...delivery.data, companyId: delivery.companyId } });
    const signature = new Webhook(endpoint.secret).sign(delivery.eventId, at, body);
    const url = new URL(endpoint.url);
    const client = url.protocol === 'https:' ? https : http;
    const started = performance.now();
    const done = (statusCode: number | null, error: string | null, askedMs?: number) => ({ attempt: { at, statusCode, latencyMs: Math.round(performance.now() - started), error }, askedMs });
    return new Promise((resolve) => {
      const request = client.request(
        url,
        {
          method: 'POST',
          lookup: guardedLookup(this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS),
          timeout: this.config.WEBHOOK_TIMEOUT_MS,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Crowdhire-Webhooks/1',
            'webhook-id': delivery.eventId,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signature,
          },
        },
        (response) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) response.destroy();
          });
          const status = response.statusCode ?? 0;
          const asked = status === 429 || status === 503 ? retryAfterMs(response.headers['retry-after']) : undefined;
          const finish = () => resolve(done(status, status >= 300 && status < 400 ? `redirect to ${response.headers.location ?? '?'} not followed` : null, asked));
          response.on('end', finish);
          response.on('close', finish);
          response.on('error', finish);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms`)));
      request.on('error', (error) => resolve(done(null, error.message)));
      request.end(body);
    });
  }
}
