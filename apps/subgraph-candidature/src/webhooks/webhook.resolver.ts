import type { SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { createSubscription, deleteSubscription, listDeliveries, listSubscriptions, setSubscriptionActive } from './webhook.service';
import { CreatedWebhookSubscription, CreateWebhookSubscriptionInput, WebhookDelivery, WebhookSubscription } from './webhook.types';

/** Webhooks for third parties: CNSA, or an API token with `webhooks:manage`. */
@Resolver()
export class WebhookResolver {
  @Mutation(() => CreatedWebhookSubscription, { description: 'Abonne une adresse HTTPS à des événements ; le secret de signature est renvoyé cette seule fois.' })
  createWebhookSubscription(@Arg('input', () => CreateWebhookSubscriptionInput) input: CreateWebhookSubscriptionInput, @Ctx() ctx: SubgraphContext) {
    return createSubscription(ctx, input);
  }

  @Mutation(() => WebhookSubscription, { description: 'Réactive (true) ou suspend (false) un abonnement.' })
  setWebhookSubscriptionActive(@Arg('id', () => ID) id: string, @Arg('active') active: boolean, @Ctx() ctx: SubgraphContext) {
    return setSubscriptionActive(ctx, id, active);
  }

  @Mutation(() => Boolean)
  deleteWebhookSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext) {
    return deleteSubscription(ctx, id);
  }

  @Query(() => [WebhookSubscription], { description: 'Vos abonnements webhooks (tous pour la CNSA).' })
  webhookSubscriptions(@Ctx() ctx: SubgraphContext) {
    return listSubscriptions(ctx);
  }

  @Query(() => [WebhookDelivery], { description: "Journal des livraisons d'un abonnement, les plus récentes d'abord." })
  webhookDeliveries(@Arg('subscriptionId', () => ID) subscriptionId: string, @Ctx() ctx: SubgraphContext, @Arg('limit', () => Int, { defaultValue: 50 }) limit: number) {
    return listDeliveries(ctx, subscriptionId, limit);
  }
}
