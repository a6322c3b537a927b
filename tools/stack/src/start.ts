/* `npm start`: the whole platform with demo data on the embedded databases, ports printed. */
import { resolve } from 'node:path';
import { startStack, WORKSPACE_ROOT, type RunningStack } from './stack';

const DEMO_PASSWORD = 'demo-esms-numerique-2026';
const DEMO_ACCOUNTS = [
  ['Porteur (organisme gestionnaire en Normandie)', 'porteur@demo.esms-numerique.fr', 'web-porteur'],
  ['Instructeur ARS Normandie', 'instructeur.normandie@demo.esms-numerique.fr', 'web-instructeur'],
  ['Second instructeur ARS Normandie', 'instructeur2.normandie@demo.esms-numerique.fr', 'web-instructeur'],
  ['Instructeur ARS PACA', 'instructeur.paca@demo.esms-numerique.fr', 'web-instructeur'],
  ['Conseil départemental du Calvados', 'cd.calvados@demo.esms-numerique.fr', 'web-instructeur'],
  ['CNSA (national)', 'cnsa@demo.esms-numerique.fr', 'web-cnsa'],
] as const;

async function main() {
  const dataDir = resolve(WORKSPACE_ROOT, process.env['ESMS_DATA_DIR'] ?? 'data');
  const demo = process.env['ESMS_DEMO'] !== '0';
  console.log('Démarrage de la plateforme ESMS numérique…');
  const running: { stack?: RunningStack } = {};
  const shutdown = async (code = 0) => {
    await running.stack?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const stack = await startStack({
    dataDir,
    demo,
    webApps: process.env['ESMS_WEB_APPS'] !== '0',
    onExit: (service, code) => {
      console.error(`\n${service} s'est arrêté (code ${code}). Journal : ${resolve(dataDir, 'logs', service + '.log')}`);
      void shutdown(1);
    },
  });
  running.stack = stack;
  const { urls } = stack;
  console.log(`
Plateforme démarrée.

  API GraphQL (passerelle)  ${urls.gateway}/graphql
  Espace porteur            ${urls['web-porteur']}/
  Espace instructeur        ${urls['web-instructeur']}/
  Espace CNSA               ${urls['web-cnsa']}/
  Sous-graphes              annuaire ${urls.annuaire} · candidature ${urls.candidature} · grille ${urls['grading-grid']}

  Données (PGlite)          ${dataDir}
  E-mails envoyés (outbox)  ${stack.outboxDir}
  Journaux                  ${stack.logDir}
${demo ? `
Comptes de démonstration (mot de passe : ${DEMO_PASSWORD}) :
${DEMO_ACCOUNTS.map(([label, email, app]) => `  ${label.padEnd(46)} ${email.padEnd(48)} ${urls[app]}/`).join('\n')}
  Chaque autre organisme de démonstration a son porteur : porteur.<FINESS EJ>@demo.esms-numerique.fr
` : ''}
Ctrl+C pour arrêter.`);
}

main().catch((error) => {
  console.error('Échec du démarrage :', error instanceof Error ? error.message : error);
  process.exit(1);
});
