import type { SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature, GrappeMember } from '../candidatures/candidature.types';
import { Region } from '../federation/stubs';
import { allowedPivots, choosePivotRegion, importGrappeMembers, memberDetail, updateGrappeMember } from './grappe.service';
import { GrappeMemberUpdateInput, ImportResult, SaadHours } from './grappe.types';

@Resolver(() => Candidature)
export class GrappeResolver {
  @FieldResolver(() => [Region], { description: 'Régions que le porteur peut choisir comme ARS pivot (vide quand il n’y a pas de choix).' })
  allowedPivotRegions(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<Region[]> {
    return allowedPivots(ctx, row);
  }

  @Mutation(() => Candidature, { description: "Met à jour un ESSMS de la grappe (situation, DUI, solution, heures SAAD, devis matériel, entité nationale)." })
  updateGrappeMember(
    @Arg('id', () => ID) id: string,
    @Arg('finess') finess: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => GrappeMemberUpdateInput) input: GrappeMemberUpdateInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CandidatureRow> {
    return updateGrappeMember(ctx, id, finess, expectedVersion, input);
  }

  @Mutation(() => ImportResult, { description: 'Importe une liste de FINESS (un par ligne, ou CSV avec une colonne « finess ») ; résultat ligne par ligne.' })
  importGrappeMembers(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('text') text: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ImportResult> {
    return importGrappeMembers(ctx, id, expectedVersion, text) as Promise<ImportResult>;
  }

  @Mutation(() => Candidature, { description: 'Choisit l’ARS pivot parmi allowedPivotRegions (projet multirégional au guichet régional).' })
  choosePivotRegion(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('regionCode') regionCode: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CandidatureRow> {
    return choosePivotRegion(ctx, id, expectedVersion, regionCode);
  }
}

type MemberRoot = GrappeMember & { candidatureId?: string };

@Resolver(() => GrappeMember)
export class GrappeMemberDetailResolver {
  @FieldResolver(() => SaadHours, { nullable: true, description: 'Déclaration des heures SAAD (annexe 1) ; null sans activité SAAD.' })
  async saad(@Root() m: MemberRoot, @Ctx() ctx: SubgraphContext): Promise<SaadHours | null> {
    return (await memberDetail(ctx, m)).saad;
  }

  @FieldResolver(() => Boolean, { description: 'Solution « en cours de référencement » Ségur.' })
  async solutionInReferencing(@Root() m: MemberRoot, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return (await memberDetail(ctx, m)).solutionInReferencing;
  }
}
