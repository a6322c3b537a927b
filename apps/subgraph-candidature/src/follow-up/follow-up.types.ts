import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { UsageMeasurementView } from '../measurements/measurement.types';
import { Establishment } from '../federation/stubs';

@ObjectType({ description: 'Un jalon du projet après la convention, avec son état calculé (dates de Paris).' })
export class FollowUpMilestone {
  @Field() code!: string;
  @Field() label!: string;
  @Field(() => String, { nullable: true, description: 'Date prévue (AAAA-MM-JJ), indicative.' }) plannedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Date de réalisation (AAAA-MM-JJ).' }) doneOn!: string | null;
  @Field({ description: 'DONE (atteint), LATE (date prévue dépassée) ou UPCOMING (à venir).' }) status!: string;
  @Field(() => Int, { description: 'Jours de retard (0 si à l’heure).' }) daysLate!: number;
}

@ObjectType({ description: 'Une cible d’usage encore manquée par un ESSMS, avec la projection à la fin attendue.' })
export class MissingUsageTarget {
  @Field() finess!: string;
  @Field() indicator!: string;
  @Field() label!: string;
  @Field(() => Float, { nullable: true, description: 'Dernier taux mesuré ; null sans mesure.' }) rate!: number | null;
  @Field(() => Int) target!: number;
  @Field(() => Float, { nullable: true, description: 'Taux projeté à la fin attendue (tendance linéaire des 3 dernières mesures).' }) projectedRate!: number | null;
  @Field({ description: 'La projection n’atteint pas la cible à la fin attendue.' }) atRisk!: boolean;
}

@ObjectType({ description: 'Les mesures d’un ESSMS de la grappe et ses cibles.' })
export class EssmsUsage {
  @Field() finess!: string;
  @Field(() => Establishment) establishment!: Establishment;
  @Field(() => [UsageMeasurementView], { description: 'Mesures mensuelles, la plus ancienne d’abord.' }) measurements!: UsageMeasurementView[];
  @Field(() => UsageMeasurementView, { nullable: true }) latest!: UsageMeasurementView | null;
  @Field({ description: 'Les cinq cibles atteintes à la dernière mesure.' }) targetsReached!: boolean;
  @Field(() => [String], { description: 'Indicateurs sous la cible à la dernière mesure (tous sans mesure).' }) missingIndicators!: string[];
}

@ObjectType({ description: 'Définition d’un indicateur d’usage (003 §5), pour les légendes et les tableaux.' })
export class UsageIndicatorDefinition {
  @Field() id!: string;
  @Field() label!: string;
  @Field() formula!: string;
  @Field(() => Int) target!: number;
  @Field() mayExceed100!: boolean;
}

@ObjectType({ description: 'Projection des cibles d’usage à la fin attendue du projet.' })
export class UsageProjection {
  @Field({ description: 'Au moins une cible manquée ne sera pas atteinte à la fin attendue au rythme actuel.' }) atRisk!: boolean;
  @Field({ description: 'La méthode, en clair.' }) method!: string;
  @Field(() => String, { nullable: true }) horizonMonth!: string | null;
  @Field(() => [String], { description: 'Raisons du risque (français).' }) reasons!: string[];
}

@ObjectType({ description: 'L’état récapitulatif des dépenses visé (pièce propre au solde).' })
export class ExpenseStatement {
  @Field(() => ID) id!: string;
  @Field() fileName!: string;
  @Field(() => Int) size!: number;
  @Field() mediaType!: string;
  @Field({ description: 'PUBLIC_ACCOUNTANT (comptable public) ou STATUTORY_AUDITOR (commissaire aux comptes).' }) certifiedBy!: string;
  @Field(() => Int, { nullable: true, description: 'Dépense matérielle justifiée (euros).' }) hardwareExpense!: number | null;
  @Field(() => GraphQLISODateTime) uploadedAt!: Date;
  @Field() downloadUrl!: string;
}

@ObjectType({ description: 'Conditions du solde (003 §4.5.2) et montant payable.' })
export class BalanceReadiness {
  @Field(() => [String], { description: 'Conditions manquantes (français) ; vide quand le solde peut être demandé.' }) missingConditions!: string[];
  @Field({ description: 'Le porteur peut demander le solde maintenant.' }) canRequest!: boolean;
  @Field(() => Int, { description: 'Solde prévu par la convention.' }) conventionBalance!: number;
  @Field(() => Int, { description: 'Ligne matériel accordée.' }) hardwareGranted!: number;
  @Field(() => Int, { nullable: true, description: 'Dépense matérielle justifiée.' }) hardwareProven!: number | null;
  @Field(() => Int, { description: 'Matériel payable : jamais au-delà de la dépense justifiée.' }) hardwarePayable!: number;
  @Field(() => Int, { description: 'Solde à verser après plafonnement du matériel.' }) balanceAmount!: number;
}

@ObjectType({ description: 'Le suivi d’un projet retenu : convention, jalons, versements, mesures et cibles d’usage, solde.' })
export class FollowUp {
  @Field(() => ID) candidatureId!: string;
  @Field(() => String, { nullable: true }) signedOn!: string | null;
  @Field(() => String, { nullable: true }) projectStart!: string | null;
  @Field(() => String, { nullable: true }) expectedEnd!: string | null;
  @Field(() => Int, { nullable: true }) durationMonths!: number | null;
  @Field(() => String, { nullable: true, description: 'Premier mois du projet (AAAA-MM).' }) firstMonth!: string | null;
  @Field(() => [String], { description: 'Mois de mesure ouverts à la saisie (AAAA-MM), du plus ancien au plus récent.' }) openMonths!: string[];
  @Field(() => [FollowUpMilestone]) milestones!: FollowUpMilestone[];
  @Field(() => [String], { description: 'Alertes (jalons en retard, mesures manquantes, risque sur les cibles).' }) alerts!: string[];
  @Field(() => [UsageIndicatorDefinition]) indicators!: UsageIndicatorDefinition[];
  @Field(() => [EssmsUsage]) essms!: EssmsUsage[];
  @Field({ description: 'Chaque ESSMS atteint les cinq cibles à sa dernière mesure.' }) targetsReached!: boolean;
  @Field(() => [MissingUsageTarget]) missingTargets!: MissingUsageTarget[];
  @Field(() => UsageProjection) projection!: UsageProjection;
  @Field(() => ExpenseStatement, { nullable: true }) expenseStatement!: ExpenseStatement | null;
  @Field(() => BalanceReadiness) balance!: BalanceReadiness;
}
