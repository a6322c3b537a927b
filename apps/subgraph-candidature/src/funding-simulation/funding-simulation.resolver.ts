import { Arg, Query, Resolver } from 'type-graphql';
import { FundingSimulation, FundingSimulationInput } from './funding-simulation.types';
import { fundingFor, toFundingEssms } from './funding.service';
import type { Desk, EssmsSituation } from '../shared/enums';

/** The public funding simulator: no login, any signed caller (PUBLIC included). */
@Resolver()
export class FundingSimulationResolver {
  @Query(() => FundingSimulation, { description: 'Simule la subvention ESMS numérique d’une grappe (règles 003 §4.4, sans connexion).' })
  async fundingSimulation(@Arg('input', () => FundingSimulationInput) input: FundingSimulationInput): Promise<FundingSimulation> {
    const result = await fundingFor(input.essms.map(toFundingEssms), input.amoa ?? false);
    return {
      ...result,
      desk: result.desk as Desk,
      lines: result.lines.map((l) => ({ ...l, situation: l.situation as EssmsSituation })),
    };
  }
}
