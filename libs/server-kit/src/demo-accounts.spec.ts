import { DEMO_MAIN_PORTEUR_EMAIL, demoAccountId, demoPorteurEmail } from './demo-accounts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('demo accounts (deterministic ids shared by the subgraphs)', () => {
  it('gives a version-5-shaped UUID, the same for the same e-mail whatever its case or spaces', () => {
    const id = demoAccountId('porteur@demo.esms-numerique.fr');
    expect(id).toMatch(UUID);
    expect(demoAccountId(' Porteur@Demo.ESMS-numerique.fr ')).toBe(id);
    expect(demoAccountId('porteur@demo.esms-numerique.fr')).toBe(id);
  });

  it('gives different ids to different e-mails', () => {
    const emails = ['porteur@demo.esms-numerique.fr', 'instructeur.normandie@demo.esms-numerique.fr', 'instructeur2.normandie@demo.esms-numerique.fr', 'cnsa@demo.esms-numerique.fr'];
    const ids = emails.map(demoAccountId);
    expect(new Set(ids).size).toBe(emails.length);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('maps the main demo organisme (ANES) to porteur@demo and every other organisme to porteur.<finessEj>@demo', () => {
    expect(demoPorteurEmail('140599267')).toBe(DEMO_MAIN_PORTEUR_EMAIL);
    expect(demoPorteurEmail('505509521')).toBe('porteur.505509521@demo.esms-numerique.fr');
    expect(demoPorteurEmail('2A2901680')).toBe('porteur.2a2901680@demo.esms-numerique.fr');
    // The caller can name the main organisme (the one the annuaire attached porteur@demo to).
    expect(demoPorteurEmail('505509521', '505509521')).toBe(DEMO_MAIN_PORTEUR_EMAIL);
    expect(demoPorteurEmail('140599267', '505509521')).toBe('porteur.140599267@demo.esms-numerique.fr');
    expect(demoPorteurEmail('140599267', null)).toBe('porteur.140599267@demo.esms-numerique.fr');
  });
});
