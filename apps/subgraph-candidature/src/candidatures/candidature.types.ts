import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { DuiSolution, Establishment, OrganismeGestionnaire, Region } from '../federation/stubs';
import { CandidatureStateEnum, Desk, EssmsSituation, TrackKind } from '../shared/enums';
import type { CandidatureRow, GrappeMemberRow } from './candidature.entity';

@ObjectType({ description: "Un ESSMS de la grappe d'une candidature." })
export class GrappeMember {
  @Field() finess!: string;
  @Field(() => Establishment) establishment!: Establishment;
  @Field(() => Int, { nullable: true, description: 'Rang dans le projet (calcul du financement).' }) rank!: number | null;
  @Field(() => EssmsSituation) situation!: EssmsSituation;
  @Field(() => String, { nullable: true, description: 'DUI actuel, aucun si vide.' }) currentDui!: string | null;
  @Field(() => String, { nullable: true }) chosenSolutionId!: string | null;
  @Field(() => DuiSolution, { nullable: true }) chosenSolution!: DuiSolution | null;
  @Field(() => Float, { nullable: true }) saadTotalHours!: number | null;
  @Field(() => Float, { nullable: true }) saadMedicoSocialHours!: number | null;
  @Field(() => Int, { nullable: true }) hardwareQuote!: number | null;
  @Field(() => String, { nullable: true, description: 'Entité nationale de rattachement (E06, pièce P13).' }) nationalEntity!: string | null;
  @Field() regionCode!: string;
  @Field(() => Region) region!: Region;
  @Field(() => String, { nullable: true }) finessEj!: string | null;
  @Field(() => OrganismeGestionnaire, { nullable: true }) organisme!: OrganismeGestionnaire | null;
}

export function memberView(m: GrappeMemberRow): GrappeMember & { candidatureId: string } {
  return {
    candidatureId: m.candidatureId, // not a field: lets other capabilities load per-member details
    finess: m.finess,
    establishment: { finess: m.finess },
    rank: m.rank,
    situation: m.situation as EssmsSituation,
    currentDui: m.currentDui,
    chosenSolutionId: m.chosenSolutionId,
    chosenSolution: m.chosenSolutionId ? { id: m.chosenSolutionId } : null,
    saadTotalHours: m.saadTotalHours,
    saadMedicoSocialHours: m.saadMedicoSocialHours,
    hardwareQuote: m.hardwareQuote,
    nationalEntity: m.nationalEntity,
    regionCode: m.regionCode,
    region: { code: m.regionCode },
    finessEj: m.finessEj,
    organisme: m.finessEj ? { finessEj: m.finessEj } : null,
  };
}

@ObjectType({ description: 'Un changement de la candidature : qui, quand, quoi.' })
export class CandidatureEvent {
  @Field(() => GraphQLDateTimeISO) at!: Date;
  @Field(() => String, { nullable: true, description: "Compte auteur (masqué pour le porteur lorsqu'il s'agit d'un agent)." }) actor!: string | null;
  @Field(() => String, { nullable: true, description: "Nom de l'auteur d'après l'annuaire (masqué comme `actor` ; null si l'annuaire ne répond pas)." }) actorName!: string | null;
  @Field() role!: string;
  @Field() action!: string;
  @Field() actionLabel!: string;
  @Field(() => CandidatureStateEnum, { nullable: true }) fromState!: CandidatureStateEnum | null;
  @Field(() => CandidatureStateEnum, { nullable: true }) toState!: CandidatureStateEnum | null;
  @Field(() => String, { nullable: true }) comment!: string | null;
}

@ObjectType()
export class AvailableAction {
  @Field() action!: string;
  @Field() label!: string;
  @Field(() => CandidatureStateEnum) to!: CandidatureStateEnum;
  @Field() toLabel!: string;
  @Field(() => String, { nullable: true, description: "Motif du refus actuel (l'action s'affiche désactivée)." }) refusal!: string | null;
  @Field({ description: 'Un commentaire (motif) est demandé avec cette action.' }) needsComment!: boolean;
}

@ObjectType()
export class EligibilityItemView {
  @Field() code!: string;
  @Field() severity!: string;
  @Field() status!: string;
  @Field() message!: string;
  @Field(() => String, { nullable: true }) finess!: string | null;
}

@ObjectType({ description: "Rapport d'éligibilité E01–E12 (@esms/domain), avec l'historique des financements par FINESS." })
export class EligibilityReportView {
  @Field() blocking!: boolean;
  @Field(() => [EligibilityItemView]) items!: EligibilityItemView[];
  @Field(() => [EligibilityItemView]) conditions!: EligibilityItemView[];
  @Field(() => [EligibilityItemView]) warnings!: EligibilityItemView[];
  @Field(() => [String]) notices!: string[];
}

/** Root object handed to field resolvers: the row plus the caller's acting role. */
export type CandidatureSource = CandidatureRow & { __typename?: 'Candidature' };

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Une candidature (dossier) déposée par un porteur pour une grappe d’ESSMS.' })
export class Candidature {
  @Field(() => ID) id!: string;
  @Field() reference!: string;
  @Field() title!: string;
  @Field(() => CandidatureStateEnum) state!: CandidatureStateEnum;
  @Field(() => Desk) desk!: Desk;
  @Field(() => String, { nullable: true }) windowCode!: string | null;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) submittedAt!: Date | null;
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;
  @Field(() => GraphQLDateTimeISO) updatedAt!: Date;
  @Field(() => Int, { description: 'À renvoyer dans expectedVersion (verrouillage optimiste).' }) version!: number;
  @Field() amoaRequested!: boolean;
}

@InputType()
export class CandidatureFilter {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => [CandidatureStateEnum], { nullable: true }) states?: CandidatureStateEnum[] | null;
  @Field(() => String, { nullable: true, description: 'Région pivot.' }) pivotRegion?: string | null;
  @Field(() => String, { nullable: true, description: 'Référence ou titre (contient).' }) search?: string | null;
  @Field(() => String, { nullable: true, description: 'FINESS EJ d’un organisme de la candidature.' }) organismeFinessEj?: string | null;
}

@InputType()
export class CreateCandidatureInput {
  @Field(() => ID) campaignId!: string;
  @Field() title!: string;
  @Field({ description: "FINESS juridique de l'organisme gestionnaire porteur (parmi ceux de votre compte)." }) organismeFinessEj!: string;
}

@InputType({ description: "Un ESSMS ajouté à la grappe ; la région est déduite du FINESS par le serveur." })
export class GrappeMemberInput {
  @Field() finess!: string;
  @Field(() => EssmsSituation) situation!: EssmsSituation;
  @Field(() => String, { nullable: true }) currentDui?: string | null;
  @Field(() => String, { nullable: true }) chosenSolutionId?: string | null;
  @Field(() => Float, { nullable: true }) saadTotalHours?: number | null;
  @Field(() => Float, { nullable: true }) saadMedicoSocialHours?: number | null;
  @Field(() => Int, { nullable: true }) hardwareQuote?: number | null;
  @Field(() => String, { nullable: true }) nationalEntity?: string | null;
  @Field(() => String, { nullable: true }) finessEj?: string | null;
}

export { TrackKind };
