import { existsSync, readFileSync } from 'node:fs';
import { PROGRAMME_ACTORS, getProgrammeActor } from './programme-actors';

describe('programme actors', () => {
  it('lists the 12 actors of the seed table with unique ids', () => {
    expect(PROGRAMME_ACTORS).toHaveLength(12);
    expect(new Set(PROGRAMME_ACTORS.map((a) => a.id)).size).toBe(12);
    expect(PROGRAMME_ACTORS.map((a) => a.acronym)).toEqual(
      expect.arrayContaining(['ARS', 'GRADeS', 'DNS', 'DGOS', 'CNAM', 'CNSA', 'ANS', 'CNDA', 'ASP', 'ANAP']),
    );
    expect(getProgrammeActor('ASP')?.role).toBe('Opérateur SONS');
    expect(getProgrammeActor('CNSA')?.role).toMatch(/^Pilotage opérationnel du programme ESMS Numérique/);
  });

  const seed = '/work/shared/seeds/000_1ff7c53186b616eb.txt';
  (existsSync(seed) ? it : it.skip)('copies name and role exactly as in the seed table', () => {
    const lines = readFileSync(seed, 'utf8').split('\n');
    for (const actor of PROGRAMME_ACTORS) {
      expect(lines).toContain(`${actor.name}\t${actor.role}`);
    }
  });
});
