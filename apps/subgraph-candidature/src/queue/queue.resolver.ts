import { splitPayment } from '@esms/domain';
import { badInput, conflict, loaderFor, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { insertEvent } from '../candidatures/candidature.repository';
import { readableCandidature } from '../candidatures/candidature.service';
import { Candidature } from '../candidatures/candidature.types';
import { EssmsSituation } from '../shared/enums';
import { instructedCandidature, type QueueRow } from './access';
import { accountContacts, type AccountContact } from './annuaire-lookups';
import { countQueue, listQueue, MAX_QUEUE_PAGE, memberFacets } from './queue.repository';
import { AssignedInstructeur, EligibilityFlags, QueueFilter, QueuePage, QueueSort } from './queue.types';

export const contactsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, AccountContact>(ctx, 'queue:contacts', async (ids) => {
    const contacts = await accountContacts([...ids]);
    return ids.map((id) => contacts?.[id] ?? null);
  });

const facetsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, { fields: string[]; situations: string[] }>(ctx, 'queue:facets', async (ids) => {
    const map = await memberFacets(ctx.db, ids);
    return ids.map((id) => map.get(id) ?? { fields: [], situations: [] });
  });

/** « Attribué à X (auparavant : Y). » for the history: names read now, ids kept in the event's before/after. */
async function assignmentSentence(ctx: SubgraphContext, before: string | null, after: string | null): Promise<string> {
  const contacts = (await accountContacts([before, after].filter((x): x is string => !!x))) ?? {};
  const name = (id: string | null) => (id ? (contacts[id]?.displayName ?? id) : 'personne');
  return after ? `Attribué à ${name(after)} (auparavant : ${name(before)}).` : `Attribution retirée (auparavant : ${name(before)}).`;
}

/** The instructeur's queue (filters, sort, pagination in SQL) and the queue facts of a file. */
@Resolver(() => Candidature)
export class QueueResolver {
  @Query(() => QueuePage, { description: "File d'instruction : dossiers de votre périmètre filtrés, triés, paginés, avec leur nombre total." })
  async instructionQueue(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => QueueFilter, { nullable: true }) filter?: QueueFilter | null,
    @Arg('sort', () => QueueSort, { nullable: true }) sort?: QueueSort | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 50 }) limit = 50,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset = 0,
  ): Promise<QueuePage> {
    const l = Math.min(Math.max(limit, 0), MAX_QUEUE_PAGE);
    const o = Math.max(offset, 0);
    const [items, total] = await Promise.all([listQueue(ctx.db, ctx.claims, filter, sort, l, o), countQueue(ctx.db, ctx.claims, filter)]);
    return { items: items as unknown as Candidature[], total, limit: l, offset: o };
  }

  @Mutation(() => Candidature, { description: "Assigne le dossier à un instructeur de l'ARS pivot (null : retire l'assignation)." })
  async assignInstructeur(
    @Arg('id', () => ID) id: string,
    @Arg('accountId', () => ID, { nullable: true }) accountId: string | null,
    @Ctx() ctx: SubgraphContext,
  ) {
    const { row, role } = await instructedCandidature(ctx, id);
    const target = accountId?.trim() || null;
    if (target) {
      if (target.length > 100) throw badInput('Identifiant de compte invalide.', { field: 'accountId' });
      const contact = target === ctx.claims.sub ? { role: ctx.claims.role, regionCode: ctx.claims.regionCode } : (await accountContacts([target]))?.[target];
      if (!contact) throw badInput("Ce compte est inconnu de l'annuaire (ou l'annuaire ne répond pas) : choisissez un instructeur de l'ARS.", { field: 'accountId' });
      const ok = row.desk === 'NATIONAL' ? contact.role === 'CNSA' || contact.role === 'INSTRUCTEUR' : contact.role === 'INSTRUCTEUR' && contact.regionCode === row.pivotRegion;
      if (!ok) throw badInput("Ce compte n'est pas un instructeur de l'ARS pivot du dossier.", { field: 'accountId' });
    }
    const before = row.assignedInstructeur ?? null;
    const comment = await assignmentSentence(ctx, before, target);
    await ctx.db.transaction(async (m) => {
      const updated: any = await m.query(`UPDATE candidature SET assigned_instructeur = $2, updated_at = now() WHERE id = $1 RETURNING id`, [row.id, target]);
      if (!(Array.isArray(updated[0]) ? updated[0] : updated).length) throw conflict('Le dossier a changé entre-temps : rechargez-le.');
      await insertEvent(m, {
        candidatureId: row.id,
        actorId: ctx.claims.sub,
        actorRole: role,
        action: 'assign',
        fromState: row.state,
        toState: row.state,
        details: { before, after: target, comment },
      });
    });
    ctx.loaders.clear();
    return readableCandidature(ctx, row.id);
  }

  @FieldResolver(() => Int, { description: "Nombre d'ESSMS de la grappe." })
  essmsCount(@Root() row: QueueRow): number {
    return row.essmsCount ?? 0;
  }

  @FieldResolver(() => Int, { description: 'Subvention totale (euros) recalculée par les règles du domaine à chaque modification de la grappe.' })
  fundingTotal(@Root() row: QueueRow): number {
    return row.fundingTotal ?? 0;
  }

  @FieldResolver(() => Int, { description: 'Avance de 50 % versée à la signature de la convention (003 §4.5.1).' })
  advanceAmount(@Root() row: QueueRow): number {
    return splitPayment(row.fundingTotal ?? 0).advance;
  }

  @FieldResolver(() => EligibilityFlags)
  eligibilityFlags(@Root() row: QueueRow): EligibilityFlags {
    return { blocking: !!row.hasBlocking, condition: !!row.hasCondition, warning: !!row.hasWarning };
  }

  @FieldResolver(() => [String], { description: 'Champs des ESSMS de la grappe (PA, PH_ADULTES…), selon la nomenclature FINESS.' })
  async fields(@Root() row: QueueRow, @Ctx() ctx: SubgraphContext): Promise<string[]> {
    return (await facetsLoader(ctx).load(row.id))?.fields ?? [];
  }

  @FieldResolver(() => [EssmsSituation], { description: 'Types de projet présents : acquisition, mise à niveau.' })
  async projectTypes(@Root() row: QueueRow, @Ctx() ctx: SubgraphContext): Promise<EssmsSituation[]> {
    return ((await facetsLoader(ctx).load(row.id))?.situations ?? []) as EssmsSituation[];
  }

  @FieldResolver(() => AssignedInstructeur, { nullable: true })
  async assignedInstructeur(@Root() row: QueueRow, @Ctx() ctx: SubgraphContext): Promise<AssignedInstructeur | null> {
    if (!row.assignedInstructeur || ctx.claims.role === 'PORTEUR') return null;
    const contact = await contactsLoader(ctx).load(row.assignedInstructeur);
    return { accountId: row.assignedInstructeur, displayName: contact?.displayName ?? null, email: contact?.email ?? null };
  }
}
