import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { randomUUID } from 'node:crypto';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, assertId, hasRole, op, pageSize, requireUser } from '@performa/platform';
import { isNotificationKind, NOTIFICATION_KINDS, type NotificationKind } from '../domain/kinds';
import { newWebhookSecret, webhookUrlProblem } from '../domain/signature';
import type { DeliveryRecord, NotificationRecord, WebhookRecord } from '../store/models';
import type { NotificationsContext } from './deps';
import { DeliveryStatus, MarkNotificationReadInput, Notification, RegisterWebhookInput, Webhook, WebhookDelivery } from './types';

/** Webhooks one user may keep. */
const MAX_WEBHOOKS = 20;

const toNotification = (n: NotificationRecord): Notification => ({ id: n._id, kind: n.kind, title: n.title, body: n.body, subjectId: n.subjectId, createdAt: n.createdAt.toISOString(), read: n.read });
const toWebhook = (w: WebhookRecord): Webhook => ({ id: w._id, url: w.url, kinds: w.kinds, scope: w.scope, createdAt: w.createdAt.toISOString() });
const toDelivery = (d: DeliveryRecord): WebhookDelivery => ({
  id: d._id,
  notificationId: d.notificationId,
  status: d.status,
  attempts: d.attempts,
  attemptLog: d.log.map((a) => ({ at: a.at.toISOString(), statusCode: a.statusCode, error: a.error })),
  nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt.toISOString() : null,
  deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
});

/** Keyset cursors (newest first): a notification arriving while someone pages does not shift the pages. */
const encodeCursor = (createdAtMs: number, id: string) => Buffer.from(`${createdAtMs}:${id}`).toString('base64url');
function decodeCursor(cursor: string): { at: Date; id: string } {
  const match = /^(\d{1,15}):([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new BadUserInputError('after is not a cursor this API gave out.', { field: 'after' });
  return { at: new Date(Number(match[1])), id: match[2] as string };
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized()
  @Query(() => [Notification], { description: "The signed-in user's notifications, newest first (default 20, at most 100). Page on with `after`: the `cursor` of the last one seen." })
  async myNotifications(
    @Ctx() ctx: NotificationsContext,
    @Arg('unreadOnly', () => Boolean, { nullable: true }) unreadOnly?: boolean,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const user = requireUser(ctx);
    const limit = pageSize(first, 20, 100);
    if (limit === 0) return []; // limit(0) would mean no limit
    const from = after ? decodeCursor(after) : null;
    const filter = {
      tenant: user.tenant,
      recipient: user.sub,
      ...(unreadOnly ? { read: false } : {}),
      ...(from ? { $or: [{ createdAt: op({ $lt: from.at }) }, { createdAt: from.at, _id: op({ $lt: from.id }) }] } : {}),
    };
    const found = await ctx.deps.models.Notification.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<NotificationRecord[]>();
    return found.map(toNotification);
  }

  @Authorized()
  @FieldResolver(() => String, { description: 'Pass as `after` to read the notifications older than this one.' })
  cursor(@Root() n: Notification) {
    return encodeCursor(Date.parse(n.createdAt), n.id);
  }

  @Authorized()
  @Query(() => Int, { description: "How many of the signed-in user's notifications are unread." })
  async myUnreadNotificationCount(@Ctx() ctx: NotificationsContext) {
    const user = requireUser(ctx);
    return ctx.deps.models.Notification.countDocuments({ tenant: user.tenant, recipient: user.sub, read: false });
  }

  @Authorized()
  @Mutation(() => Notification, { description: 'Only your own; marking one twice changes nothing.' })
  async markNotificationRead(@Arg('input', () => MarkNotificationReadInput) input: MarkNotificationReadInput, @Ctx() ctx: NotificationsContext) {
    const user = requireUser(ctx);
    assertId(input.id, 'id');
    const mine = { _id: input.id, tenant: user.tenant, recipient: user.sub };
    const found = await ctx.deps.models.Notification.findOne(mine).lean<NotificationRecord>();
    // someone else's notification is as absent as one that never was
    if (!found) throw new NotFoundError('Notification', input.id);
    if (found.read) return toNotification(found);
    const readAt = new Date();
    await ctx.deps.models.Notification.updateOne({ ...mine, read: false }, { $set: { read: true, readAt } });
    return toNotification({ ...found, read: true, readAt });
  }

  @Authorized()
  @Mutation(() => Int, { description: "Marks all the signed-in user's notifications read; returns how many were unread." })
  async markAllNotificationsRead(@Ctx() ctx: NotificationsContext) {
    const user = requireUser(ctx);
    // updateMany takes no document locks (FerretDB): at worst a notification marked read one by one
    // at the same moment is marked read twice
    const result = await ctx.deps.models.Notification.updateMany({ tenant: user.tenant, recipient: user.sub, read: false }, { $set: { read: true, readAt: new Date() } });
    return result.modifiedCount;
  }
}

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized()
  @Query(() => [Webhook], { description: 'The webhooks the signed-in user registered.' })
  async myWebhooks(@Ctx() ctx: NotificationsContext) {
    const user = requireUser(ctx);
    return (await ctx.deps.models.Webhook.find({ tenant: user.tenant, owner: user.sub }).sort({ createdAt: 1 }).lean<WebhookRecord[]>()).map(toWebhook);
  }

  @Authorized()
  @FieldResolver(() => [WebhookDelivery], { description: 'Newest first (default 20, at most 100).' })
  async deliveries(
    @Root() webhook: Webhook,
    @Ctx() ctx: NotificationsContext,
    @Arg('status', () => DeliveryStatus, { nullable: true }) status?: DeliveryRecord['status'],
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    const limit = pageSize(first, 20, 100);
    if (limit === 0) return []; // limit(0) would mean no limit
    const found = await ctx.deps.models.Delivery.find({ webhookId: webhook.id, ...(status ? { status } : {}) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<DeliveryRecord[]>();
    return found.map(toDelivery);
  }

  @Authorized()
  @Mutation(() => ID, { description: 'Notifications of these kinds are POSTed to the URL, signed. Fetch the signing secret once with revealWebhookSecret.' })
  async registerWebhook(@Arg('input', () => RegisterWebhookInput) input: RegisterWebhookInput, @Ctx() ctx: NotificationsContext) {
    const user = requireUser(ctx);
    const url = input.url.trim();
    const problem = webhookUrlProblem(url);
    if (problem) throw new BadUserInputError(`url ${problem}.`, { field: 'url' });
    const kinds = [...new Set(input.kinds)];
    if (kinds.length === 0) throw new BadUserInputError(`kinds needs at least one of ${NOTIFICATION_KINDS.join(', ')}.`, { field: 'kinds' });
    const unknown = kinds.filter((k) => !isNotificationKind(k));
    if (unknown.length > 0) throw new BadUserInputError(`Unknown kinds: ${unknown.join(', ')}. Known: ${NOTIFICATION_KINDS.join(', ')}.`, { field: 'kinds', unknown });
    const scope = input.scope ?? 'MINE';
    if (scope === 'TENANT' && !hasRole(user, 'ADMIN')) throw new ForbiddenError("Only ADMIN may register a webhook for everyone's notifications.");
    if ((await ctx.deps.models.Webhook.countDocuments({ tenant: user.tenant, owner: user.sub })) >= MAX_WEBHOOKS) {
      throw new BadUserInputError(`You have ${MAX_WEBHOOKS} webhooks already; delete one first.`, { field: 'url' });
    }
    const webhook: WebhookRecord = { _id: randomUUID(), tenant: user.tenant, owner: user.sub, scope, url, kinds: kinds as NotificationKind[], secret: newWebhookSecret(), secretRevealed: false, createdAt: new Date() };
    await ctx.deps.models.Webhook.create(webhook);
    ctx.logger.info({ webhookId: webhook._id, scope, kinds }, 'webhook registered');
    return webhook._id;
  }

  @Authorized()
  @Mutation(() => String, { description: "The webhook's signing secret, shown once: a second call is a CONFLICT (delete the webhook and register a new one)." })
  async revealWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: NotificationsContext) {
    const user = requireUser(ctx);
    assertId(id, 'id');
    const mine = { _id: id, tenant: user.tenant, owner: user.sub };
    const webhook = await ctx.deps.models.Webhook.findOne(mine).lean<WebhookRecord>();
    if (!webhook) throw new NotFoundError('Webhook', id);
    const claimed = await ctx.deps.models.Webhook.updateOne({ ...mine, secretRevealed: false }, { $set: { secretRevealed: true } });
    if (claimed.modifiedCount !== 1) throw new ConflictError('The secret of this webhook was shown already. Delete the webhook and register a new one for a new secret.', { id });
    return webhook.secret;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Stops deliveries to it; deliveries not yet made are dropped.' })
  async deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: NotificationsContext) {
    const user = requireUser(ctx);
    assertId(id, 'id');
    const deleted = await ctx.deps.models.Webhook.deleteOne({ _id: id, tenant: user.tenant, owner: user.sub });
    if (deleted.deletedCount !== 1) throw new NotFoundError('Webhook', id);
    await ctx.deps.models.Delivery.deleteMany({ webhookId: id, status: 'PENDING' });
    return true;
  }
}
