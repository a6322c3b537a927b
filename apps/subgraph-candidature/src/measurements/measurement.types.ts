import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';

@InputType({ description: 'Comptages bruts du mois pour un ESSMS (003 §5) : entiers positifs ou nuls.' })
export class EssmsUsageCountsInput {
  @Field({ description: 'FINESS géographique de l’ESSMS (membre de la grappe).' }) finess!: string;
  @Field(() => Int, { description: 'Personnes accompagnées (file active : effectif au 31/12 + sorties définitives de l’année, chaque personne une fois).' })
  personsAccompanied!: number;
  @Field(() => Int, { description: 'Dossiers actifs : existants dans le DUI, d’une personne accompagnée, mis à jour au moins une fois sur la période.' })
  activeDossiers!: number;
  @Field(() => Int, { description: 'Dossiers actifs avec un projet personnalisé en préparation ou actif.' }) activeDossiersWithProjetPersonnalise!: number;
  @Field(() => Int, { description: 'Dossiers actifs avec au moins un événement dans l’agenda.' }) activeDossiersWithAgendaEvent!: number;
  @Field(() => Int, { description: 'Messages envoyés via la MSSanté (peut dépasser le nombre de personnes).' }) mssanteMessagesSent!: number;
  @Field(() => Int, { description: 'DMP alimentés avec au moins un document.' }) dmpFed!: number;
  @Field(() => Int, { nullable: true, description: 'Facultatif : e-prescriptions importées dans le DUI.' }) ePrescriptionsImported?: number | null;
  @Field(() => Int, { nullable: true, description: 'Facultatif : échanges avec une plateforme e-parcours.' }) eParcoursExchanges?: number | null;
}

@ObjectType({ description: 'Comptages bruts d’une mesure mensuelle (003 §5).' })
export class UsageCounts {
  @Field(() => Int) personsAccompanied!: number;
  @Field(() => Int) activeDossiers!: number;
  @Field(() => Int) activeDossiersWithProjetPersonnalise!: number;
  @Field(() => Int) activeDossiersWithAgendaEvent!: number;
  @Field(() => Int) mssanteMessagesSent!: number;
  @Field(() => Int) dmpFed!: number;
  @Field(() => Int, { nullable: true }) ePrescriptionsImported!: number | null;
  @Field(() => Int, { nullable: true }) eParcoursExchanges!: number | null;
}

@ObjectType({ description: 'Un taux d’usage calculé par les règles du programme (domaine `usageRates`), avec sa cible.' })
export class UsageRateView {
  @Field({ description: 'MSSANTE, DMP, ACTIVE_DOSSIERS, PROJET_PERSONNALISE ou AGENDA.' }) indicator!: string;
  @Field() label!: string;
  @Field(() => Float, { nullable: true, description: 'Pourcentage à une décimale ; null si le dénominateur est nul. La MSSanté peut dépasser 100 %.' })
  rate!: number | null;
  @Field(() => Int, { description: 'Cible (%).' }) target!: number;
  @Field() reached!: boolean;
  @Field(() => String, { nullable: true, description: 'UP, DOWN ou STABLE par rapport à la mesure précédente ; null sans mesure précédente.' })
  trend!: string | null;
}

@ObjectType({ description: 'Une écriture d’une mesure : création ou correction (avant / après), qui et quand.' })
export class UsageCorrection {
  @Field(() => GraphQLISODateTime) changedAt!: Date;
  @Field() changedBy!: string;
  @Field({ description: 'PORTEUR ou API_CLIENT (éditeur du DUI).' }) changedByRole!: string;
  @Field({ description: 'FORM, IMPORT, API ou DEMO.' }) source!: string;
  @Field(() => UsageCounts, { nullable: true, description: 'Valeurs précédentes ; null à la création.' }) before!: UsageCounts | null;
  @Field(() => UsageCounts) after!: UsageCounts;
}

@ObjectType({ description: 'La mesure mensuelle d’un ESSMS, ses taux et son historique.' })
export class UsageMeasurementView {
  @Field(() => ID) id!: string;
  @Field() finess!: string;
  @Field({ description: 'Mois de la mesure (AAAA-MM), relevée à sa fin.' }) month!: string;
  @Field() monthLabel!: string;
  @Field() periodFrom!: string;
  @Field() periodTo!: string;
  @Field(() => Int, { description: '3 pour la première mesure, 1 ensuite.' }) periodMonths!: number;
  @Field(() => UsageCounts) counts!: UsageCounts;
  @Field(() => [UsageRateView]) rates!: UsageRateView[];
  @Field({ description: 'Les cinq cibles atteintes ce mois-ci.' }) allReached!: boolean;
  @Field(() => Int) version!: number;
  @Field() source!: string;
  @Field(() => GraphQLISODateTime) recordedAt!: Date;
  @Field() recordedBy!: string;
  @Field(() => [UsageCorrection], { description: 'Écritures successives, la plus ancienne d’abord.' }) history!: UsageCorrection[];
}

@ObjectType({ description: 'Résultat d’un envoi de mesures : tout est enregistré, ou rien (erreur BAD_USER_INPUT avec `problems`).' })
export class RecordMeasurementsResult {
  @Field() month!: string;
  @Field() periodFrom!: string;
  @Field() periodTo!: string;
  @Field(() => Int) periodMonths!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int, { description: 'Mesures corrigées : les valeurs précédentes restent dans l’historique.' }) corrected!: number;
  @Field(() => Int) unchanged!: number;
}
