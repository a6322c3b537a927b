import { randomUUID } from 'node:crypto';
import { checkFiness } from '@esms/domain';
import { badInput, conflict, loaderFor, notFound, requireRole, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent, isUuid, loadMembers } from '../candidatures/candidature.repository';
import { readableCandidature } from '../candidatures/candidature.service';
import { Candidature } from '../candidatures/candidature.types';
import { instructedCandidature } from '../queue/access';

/* eslint-disable @typescript-eslint/no-explicit-any */

export enum CdOpinionValue {
  FAVORABLE = 'FAVORABLE',
  RESERVED = 'RESERVED',
  UNFAVORABLE = 'UNFAVORABLE',
}
registerEnumType(CdOpinionValue, { name: 'CdOpinionValue', description: 'Avis du conseil départemental : favorable, réservé, défavorable.' });

@ObjectType({ description: "Avis demandé au conseil départemental d'un département des ESSMS du dossier." })
export class CdOpinion {
  @Field(() => ID) id!: string;
  @Field(() => ID) candidatureId!: string;
  @Field() departement!: string;
  @Field() question!: string;
  @Field(() => GraphQLDateTimeISO) requestedAt!: Date;
  @Field(() => String, { nullable: true }) requestedBy!: string | null;
  @Field(() => CdOpinionValue, { nullable: true }) opinion!: CdOpinionValue | null;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => String, { nullable: true }) givenBy!: string | null;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) givenAt!: Date | null;
}

const view = (r: any): CdOpinion => ({
  id: r.id,
  candidatureId: r.candidature_id,
  departement: r.departement,
  question: r.question,
  requestedAt: new Date(r.requested_at),
  requestedBy: r.requested_by,
  opinion: r.opinion,
  comment: r.comment,
  givenBy: r.given_by,
  givenAt: r.given_at ? new Date(r.given_at) : null,
});

const opinionsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, CdOpinion[]>(ctx, 'cd:opinions', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT * FROM cd_opinion_request WHERE candidature_id = ANY($1::uuid[]) ORDER BY requested_at`, [[...ids]]);
    return ids.map((id) => rows.filter((r) => String(r.candidature_id) === id).map(view));
  });

/** Départements of the file's ESSMS (from their FINESS). */
async function departementsOf(db: SubgraphContext['db'], id: string): Promise<string[]> {
  const members = await loadMembers(db, id);
  return [...new Set(members.map((m) => checkFiness(m.finess)).flatMap((c) => (c.ok ? [c.departement] : [])))].sort();
}

@Resolver(() => Candidature)
export class CdOpinionResolver {
  @FieldResolver(() => [CdOpinion], { description: 'Avis des conseils départementaux (un CD ne voit que les siens ; masqués au porteur).' })
  async cdOpinions(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<CdOpinion[]> {
    if (ctx.claims.role === 'PORTEUR') return [];
    const all = (await opinionsLoader(ctx).load(row.id)) ?? [];
    return ctx.claims.role === 'CD' ? all.filter((o) => ctx.claims.departements.includes(o.departement)) : all;
  }

  @FieldResolver(() => [String], { description: 'Départements des ESSMS du dossier (ceux dont le CD peut être consulté).' })
  async departements(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<string[]> {
    return departementsOf(ctx.db, row.id);
  }

  @Mutation(() => CdOpinion, { description: "Demande l'avis du conseil départemental d'un département des ESSMS du dossier." })
  async requestCdOpinion(
    @Arg('id', () => ID) id: string,
    @Arg('departement') departement: string,
    @Arg('question') question: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CdOpinion> {
    const { row, role } = await instructedCandidature(ctx, id);
    const dep = departement.trim().toUpperCase();
    const deps = await departementsOf(ctx.db, row.id);
    if (!deps.includes(dep)) throw badInput(`Le département ${dep} n'a aucun ESSMS dans ce dossier : choisissez parmi ${deps.join(', ') || '(aucun)'}.`, { field: 'departement' });
    const q = question.trim();
    if (q.length < 10 || q.length > 4000) throw badInput('Formulez la question au conseil départemental (10 à 4 000 caractères).', { field: 'question' });
    const requestId = randomUUID();
    await ctx.db.transaction(async (m) => {
      await m.query(`INSERT INTO cd_opinion_request (id, candidature_id, departement, question, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, now())`, [
        requestId, row.id, dep, q, ctx.claims.sub,
      ]);
      await insertEvent(m, {
        candidatureId: row.id,
        actorId: ctx.claims.sub,
        actorRole: role,
        action: 'cd_opinion_requested',
        fromState: row.state,
        toState: row.state,
        details: { requestId, departement: dep, comment: `Avis demandé au CD ${dep} : ${q}` },
      });
    });
    const rows: any[] = await ctx.db.query(`SELECT * FROM cd_opinion_request WHERE id = $1`, [requestId]);
    return view(rows[0]);
  }

  @Mutation(() => CdOpinion, { description: 'Le conseil départemental consulté rend son avis (une seule fois).' })
  async giveCdOpinion(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('opinion', () => CdOpinionValue) opinion: CdOpinionValue,
    @Ctx() ctx: SubgraphContext,
    @Arg('comment', () => String, { nullable: true, description: 'Obligatoire (10 caractères) pour un avis réservé ou défavorable.' }) comment?: string | null,
  ): Promise<CdOpinion> {
    const claims = requireRole(ctx, 'CD');
    const rows: any[] = isUuid(requestId) ? await ctx.db.query(`SELECT * FROM cd_opinion_request WHERE id = $1`, [requestId]) : [];
    const request = rows[0];
    if (!request || !claims.departements.includes(request.departement)) throw notFound("Cette demande d'avis n'existe pas ou ne concerne pas votre département.");
    const c = (comment ?? '').trim();
    if (c.length > 4000) throw badInput('Le commentaire compte au plus 4 000 caractères.', { field: 'comment' });
    if (opinion !== CdOpinionValue.FAVORABLE && c.length < 10) throw badInput('Motivez un avis réservé ou défavorable (10 caractères au moins).', { field: 'comment' });
    const row = await readableCandidature(ctx, String(request.candidature_id));
    await ctx.db.transaction(async (m) => {
      const updated: any = await m.query(
        `UPDATE cd_opinion_request SET opinion = $2, comment = $3, given_by = $4, given_at = now() WHERE id = $1 AND opinion IS NULL RETURNING id`,
        [requestId, opinion, c || null, claims.sub],
      );
      if (!(Array.isArray(updated[0]) ? updated[0] : updated).length) throw conflict('Cet avis a déjà été rendu.');
      await insertEvent(m, {
        candidatureId: row.id,
        actorId: claims.sub,
        actorRole: 'CD',
        action: 'cd_opinion_given',
        fromState: row.state,
        toState: row.state,
        details: { requestId, departement: request.departement, opinion, comment: `Avis du CD ${request.departement} : ${opinion}${c ? ` — ${c}` : ''}` },
      });
    });
    const after: any[] = await ctx.db.query(`SELECT * FROM cd_opinion_request WHERE id = $1`, [requestId]);
    return view(after[0]);
  }
}
