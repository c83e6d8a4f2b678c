import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DeliveryStatus as DS, WebhookScope as WS } from '../store/models';

export const WebhookScope = { MINE: 'MINE', TENANT: 'TENANT' } as const satisfies Record<WS, WS>;
registerEnumType(WebhookScope, {
  name: 'WebhookScope',
  description: "MINE: the registering user's own notifications. TENANT (ADMIN only): everyone's, for an e-mail or chat gateway.",
});
export const DeliveryStatus = { PENDING: 'PENDING', DELIVERED: 'DELIVERED', FAILED: 'FAILED' } as const satisfies Record<DS, DS>;
registerEnumType(DeliveryStatus, { name: 'WebhookDeliveryStatus', description: 'PENDING until a 2xx answer (DELIVERED) or the last allowed attempt (FAILED).' });

@ObjectType({ description: 'Something the signed-in user should know or act on.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'INDICATOR_LIGHT, GOAL_OFF_TRACK, AGREEMENT_TO_SIGN, AGREEMENT_SIGNED_BY_EMPLOYEE, MEASUREMENT_MISSING or FORECAST_MISSING.' })
  kind!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  body!: string | null;

  @Field(() => ID, { nullable: true, description: 'What it is about: the indicator, goal, agreement or unit.' })
  subjectId!: string | null;

  @Field(() => String, { description: 'ISO 8601.' })
  createdAt!: string;

  @Field(() => Boolean)
  read!: boolean;
}

@ObjectType({ description: 'One POST to a webhook.' })
export class WebhookDeliveryAttempt {
  @Field(() => String)
  at!: string;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when it did not answer." })
  statusCode!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType({ description: "A notification's way to one webhook, with every attempt." })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also sent as the X-Performa-Delivery header.' })
  id!: string;

  @Field(() => ID)
  notificationId!: string;

  @Field(() => DeliveryStatus)
  status!: DS;

  @Field(() => Int)
  attempts!: number;

  @Field(() => [WebhookDeliveryAttempt])
  attemptLog!: WebhookDeliveryAttempt[];

  @Field(() => String, { nullable: true, description: 'When PENDING: the next attempt, not before.' })
  nextAttemptAt!: string | null;

  @Field(() => String, { nullable: true })
  deliveredAt!: string | null;
}

@ObjectType({ description: 'Where notifications are POSTed, signed with the webhook secret (X-Performa-Signature).' })
export class Webhook {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => [String])
  kinds!: string[];

  @Field(() => WebhookScope)
  scope!: WS;

  @Field(() => String)
  createdAt!: string;
}

@InputType()
export class MarkNotificationReadInput {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class RegisterWebhookInput {
  @Field(() => String, { description: 'http(s) only.' })
  url!: string;

  @Field(() => [String], { description: 'Notification kinds to send; at least one.' })
  kinds!: string[];

  @Field(() => WebhookScope, { nullable: true, description: 'Default MINE.' })
  scope?: WS | null;
}
