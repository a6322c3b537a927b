import { PERSON_ROLES, requireRole, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AccountOrganismeRow, AccountRow } from './identity.entities';
import {
  activateAccount,
  attachOrganisme,
  confirmOrganismeDeclaration,
  createApiToken,
  listApiTokens,
  organismeDeclarationsToConfirm,
  requestPasswordReset,
  resetPassword,
  revokeApiToken,
  signUp,
} from './identity.service';
import {
  AccountRoleEnum,
  ApiToken,
  CreateApiTokenInput,
  CreatedApiToken,
  Me,
  OrganismeDeclaration,
  SignUpInput,
  SignUpResult,
} from './identity.types';

async function loadMe(ctx: SubgraphContext): Promise<Me | null> {
  const { claims } = ctx;
  if (!claims.sub || !(PERSON_ROLES as readonly string[]).includes(claims.role)) return null;
  const account = await ctx.db.getRepository(AccountRow).findOneBy({ id: claims.sub });
  if (!account || account.status !== 'ACTIVE') return null;
  const organismes = await ctx.db.getRepository(AccountOrganismeRow).find({ where: { accountId: account.id }, order: { createdAt: 'ASC' } });
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    role: account.role as AccountRoleEnum,
    regionCode: account.regionCode,
    departements: account.departements,
    organismes: organismes.map((o) => ({ finessEj: o.finessEj, name: o.name, confirmed: o.confirmed })),
  };
}

@Resolver()
export class IdentityResolver {
  @Query(() => Me, { nullable: true, description: 'Le compte connecté ; null pour un visiteur anonyme.' })
  me(@Ctx() ctx: SubgraphContext): Promise<Me | null> {
    return loadMe(ctx);
  }

  @Mutation(() => SignUpResult, { description: "Crée un compte porteur et envoie l'e-mail d'activation." })
  signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: SubgraphContext): Promise<SignUpResult> {
    return signUp(ctx.db, input);
  }

  @Mutation(() => Boolean)
  activateAccount(@Arg('token', () => String) token: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return activateAccount(ctx.db, token);
  }

  @Mutation(() => Boolean, { description: "Toujours vrai : un e-mail n'est envoyé que si le compte existe." })
  requestPasswordReset(@Arg('email', () => String) email: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return requestPasswordReset(ctx.db, email);
  }

  @Mutation(() => Boolean, { description: 'Change le mot de passe et ferme toutes les sessions ouvertes.' })
  resetPassword(@Arg('token', () => String) token: string, @Arg('password', () => String) password: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return resetPassword(ctx.db, token, password);
  }

  @Mutation(() => Me, { nullable: true, description: "Rattache le compte porteur à un organisme gestionnaire (FINESS EJ)." })
  async attachOrganisme(
    @Arg('finessEj', () => String) finessEj: string,
    @Arg('declaredName', () => String, { nullable: true }) declaredName: string | null,
    @Arg('declaredAddress', () => String, { nullable: true }) declaredAddress: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Me | null> {
    const claims = requireRole(ctx, 'PORTEUR');
    await attachOrganisme(ctx.db, claims.sub as string, { finessEj, declaredName, declaredAddress });
    return loadMe(ctx);
  }

  @Query(() => [OrganismeDeclaration], { description: "Rattachements à des FINESS EJ inconnus, à confirmer (ARS : sa région ; CNSA : toutes)." })
  organismeDeclarationsToConfirm(@Ctx() ctx: SubgraphContext): Promise<OrganismeDeclaration[]> {
    const claims = requireRole(ctx, 'INSTRUCTEUR', 'CNSA');
    return organismeDeclarationsToConfirm(ctx.db, claims.role === 'INSTRUCTEUR' ? claims.regionCode : null);
  }

  @Mutation(() => Boolean)
  confirmOrganismeDeclaration(
    @Arg('accountId', () => ID) accountId: string,
    @Arg('finessEj', () => String) finessEj: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<boolean> {
    const claims = requireRole(ctx, 'INSTRUCTEUR', 'CNSA');
    return confirmOrganismeDeclaration(ctx.db, claims.role === 'INSTRUCTEUR' ? claims.regionCode : null, accountId, finessEj);
  }

  @Query(() => [ApiToken], { description: "Jetons d'API (CNSA) ; le secret n'est jamais renvoyé." })
  apiTokens(@Ctx() ctx: SubgraphContext): Promise<ApiToken[]> {
    requireRole(ctx, 'CNSA');
    return listApiTokens(ctx.db);
  }

  @Mutation(() => CreatedApiToken, { description: 'Crée un jeton (CNSA) ; le jeton en clair est renvoyé cette seule fois.' })
  createApiToken(@Arg('input', () => CreateApiTokenInput) input: CreateApiTokenInput, @Ctx() ctx: SubgraphContext): Promise<CreatedApiToken> {
    const claims = requireRole(ctx, 'CNSA');
    return createApiToken(ctx.db, claims.sub as string, input);
  }

  @Mutation(() => ApiToken)
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ApiToken> {
    requireRole(ctx, 'CNSA');
    return revokeApiToken(ctx.db, id);
  }
}
