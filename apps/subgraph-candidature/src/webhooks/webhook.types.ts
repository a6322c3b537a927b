import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum WebhookEventType {
  CANDIDATURE_SUBMITTED = 'CANDIDATURE_SUBMITTED',
  DECISION_RECORDED = 'DECISION_RECORDED',
  PAYMENT_RECORDED = 'PAYMENT_RECORDED',
  USAGE_TARGET_MISSED = 'USAGE_TARGET_MISSED',
}
registerEnumType(WebhookEventType, { name: 'WebhookEventType', description: 'Événements notifiés par webhook.' });

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

@ObjectType({ description: 'Un abonnement webhook (le secret de signature n’est montré qu’à la création).' })
export class WebhookSubscription {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => [WebhookEventType]) events!: WebhookEventType[];
  @Field(() => [String], { nullable: true, description: 'Régions des dossiers notifiés (null : toutes).' }) regions!: string[] | null;
  @Field({ description: 'Désactivé automatiquement après des échecs répétés ; réactivez-le une fois le point de réception réparé.' }) active!: boolean;
  @Field(() => Int) consecutiveFailures!: number;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) deactivatedAt!: Date | null;
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;
}

@ObjectType({ description: 'Un abonnement créé : `secret` (whsec_…) sert à vérifier les signatures ; il est montré cette seule fois.' })
export class CreatedWebhookSubscription {
  @Field() secret!: string;
  @Field(() => WebhookSubscription) subscription!: WebhookSubscription;
}

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field({ description: 'HTTPS, adresse publique.' }) url!: string;
  @Field(() => [WebhookEventType]) events!: WebhookEventType[];
}

@ObjectType({ description: 'Une livraison de webhook : état, tentatives, dernière erreur.' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => ID) subscriptionId!: string;
  @Field(() => WebhookEventType) event!: WebhookEventType;
  @Field(() => ID, { nullable: true }) candidatureId!: string | null;
  @Field(() => WebhookDeliveryStatus) status!: WebhookDeliveryStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) nextAttemptAt!: Date | null;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) deliveredAt!: Date | null;
}
