/**
 * Issue 8, line 13 — lost update, through the gateway and in the porteur's browser. Two members of one organisme
 * (two porteur accounts created through the real sign-up and e-mailed activation, both attached to the organisme)
 * edit the same candidature from the same version: the second write is a CONFLICT whose French message names who
 * changed the file and when, and what is stored is the first write. In web-porteur (two browser contexts, one per
 * account), the second person sees the DSFR alert with that message, reloads, and finds the first person's change.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gql, launchBrowser, screenshot } from '../support/browser';
import { stackInfo } from '../support/stack-file';
import { newPorteur } from './actors';

/* eslint-disable @typescript-eslint/no-explicit-any -- answers read after their errors are asserted */

const ORGANISME = '140599267'; // Association Normande d'Entraide et de Soins (demo flow)
const FIELDS = 'id version dossier { governance checklist { code done } } members { finess }';

interface Member {
  email: string;
  password: string;
  headers: Record<string, string>;
  accountId: string;
}

describe('lost update between two members of an organisme (issue 8, line 13)', () => {
  const { urls } = stackInfo();
  const gateway = urls.gateway;
  let alice: Member;
  let bob: Member;

  const asMember = async (label: string): Promise<Member> => {
    const account = await newPorteur(gateway, label);
    const headers = { cookie: account.cookie };
    const attached = await gql<{ attachOrganisme: { id: string } }>(gateway, 'mutation($f: String!) { attachOrganisme(finessEj: $f) { id } }', { f: ORGANISME }, headers);
    expect(attached.errors).toBeUndefined();
    return { ...account, headers, accountId: attached.data!.attachOrganisme.id };
  };
  const draft = async (title: string) => {
    const created = await gql<{ createCandidature: { id: string; version: number } }>(
      gateway,
      'mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { id version } }',
      { i: { campaignId: 'normandie-2026-demo', title, organismeFinessEj: ORGANISME } },
      alice.headers,
    );
    expect(created.errors).toBeUndefined();
    return created.data!.createCandidature;
  };
  const read = async (id: string, who: Member) => {
    const res = await gql<{ candidature: any }>(gateway, `query($id: ID!) { candidature(id: $id) { ${FIELDS} } }`, { id }, who.headers);
    expect(res.errors).toBeUndefined();
    return res.data!.candidature;
  };
  const writeGovernance = (id: string, version: number, governance: string, who: Member) =>
    gql<{ updateCandidatureDossier: { version: number } }>(
      gateway,
      'mutation($id: ID!, $v: Int!, $g: String!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: { governance: $g }) { version } }',
      { id, v: version, g: governance },
      who.headers,
    );

  beforeAll(async () => {
    alice = await asMember('integrite-alice');
    bob = await asMember('integrite-bob');
  });

  it('the second write from the same version is a CONFLICT naming who changed the file; the first write is what is stored', async () => {
    const c = await draft('Intégrité — deux membres, une version');
    const seenByBob = await read(c.id, bob); // Bob opened the file at the same version
    expect(seenByBob.version).toBe(c.version);

    const first = await writeGovernance(c.id, c.version, 'Copil mensuel (Alice)', alice);
    expect(first.errors).toBeUndefined();
    const second = await writeGovernance(c.id, seenByBob.version, 'Copil trimestriel (Bob)', bob);
    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(second.data ?? null).toBeNull();
    // Who (a member of the organisme, Alice's account) and when, in French, and what to do.
    expect(second.errors?.[0].message).toMatch(/^La candidature a été modifiée entre-temps par un membre de votre organisme/);
    expect(second.errors?.[0].message).toContain('(Porteur integrite-alice)'); // named, not an account id
    expect(second.errors?.[0].message).toMatch(/le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} : rechargez la page/);

    const stored = await read(c.id, bob);
    expect(stored.version).toBe(first.data!.updateCandidatureDossier.version);
    expect(stored.dossier.governance).toBe('Copil mensuel (Alice)');

    // The grappe too: a stale version changes nothing.
    const grappe = await gql(gateway, 'mutation($id: ID!, $v: Int) { removeGrappeMembers(id: $id, finess: [], expectedVersion: $v) { id } }', { id: c.id, v: c.version }, bob.headers);
    expect(grappe.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await read(c.id, alice)).version).toBe(stored.version);
  });

  it('two writes sent at the same instant from the same version: exactly one is stored, the other is a CONFLICT', async () => {
    const c = await draft('Intégrité — écritures simultanées');
    const [a, b] = await Promise.all([writeGovernance(c.id, c.version, 'Version Alice', alice), writeGovernance(c.id, c.version, 'Version Bob', bob)]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0].extensions?.code : 'STORED'));
    expect(outcomes.sort()).toEqual(['CONFLICT', 'STORED']);
    const winner = a.errors ? 'Version Bob' : 'Version Alice';
    const stored = await read(c.id, alice);
    expect(stored).toMatchObject({ version: c.version + 1, dossier: { governance: winner } });
  });

  describe('in web-porteur, one browser context per member', () => {
    const app = urls['web-porteur'];
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    const signedIn = async (member: Member): Promise<Page> => {
      const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${app}/connexion`);
      await page.locator('input[name=email]').fill(member.email);
      await page.locator('input[name=password]').fill(member.password);
      await page.getByRole('button', { name: 'Se connecter' }).last().click();
      await page.getByText('Se déconnecter').first().waitFor();
      return page;
    };
    /** DSFR checkboxes are controlled by the server's answer: click, then wait for the outcome. */
    const tick = async (page: Page, label: RegExp) => {
      await page.getByLabel(label).click({ force: true });
    };

    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
    });

    it('the second member sees who changed the file in a DSFR alert, reloads, and finds the first member’s answer; nothing was overwritten', async () => {
      const c = await draft('Intégrité — deux navigateurs');
      const [alicePage, bobPage] = [await signedIn(alice), await signedIn(bob)];
      for (const page of [alicePage, bobPage]) {
        await page.goto(`${app}/candidatures/${c.id}/questions`);
        await page.getByRole('heading', { level: 1, name: /Questions du dossier/ }).waitFor();
      }

      await tick(alicePage, /^1\.1 —/);
      await alicePage.getByText('Brouillon enregistré').waitFor();
      expect(await alicePage.getByLabel(/^1\.1 —/).isChecked()).toBe(true);

      await tick(bobPage, /^1\.2 —/); // from the version Bob loaded
      const alert = bobPage.getByRole('alert').filter({ hasText: 'Le dossier a été modifié entre-temps' }).first();
      await alert.waitFor();
      const detail = await bobPage.getByTestId('conflict-detail').textContent();
      expect(detail).toMatch(/modifiée entre-temps par un membre de votre organisme/);
      expect(detail).toContain('(Porteur integrite-alice)');
      expect(detail).toMatch(/n’a pas été enregistrée, pour ne pas écraser la sienne/);
      const axe = await new AxeBuilder({ page: bobPage }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await screenshot(bobPage, 'integrite-01-conflit-deux-membres');

      const stored = await read(c.id, bob);
      expect(stored.dossier.checklist.filter((i: { done: boolean }) => i.done).map((i: { code: string }) => i.code)).toEqual(['1.1']);

      await bobPage.getByRole('button', { name: 'Recharger le dossier' }).click();
      await bobPage.getByRole('button', { name: 'Recharger le dossier' }).waitFor({ state: 'detached' });
      expect(await bobPage.getByLabel(/^1\.1 —/).isChecked()).toBe(true);
      expect(await bobPage.getByLabel(/^1\.2 —/).isChecked()).toBe(false);
      await screenshot(bobPage, 'integrite-02-apres-rechargement');

      // After the reload Bob works from the current version: his answer is saved.
      await tick(bobPage, /^1\.2 —/);
      await bobPage.getByText('Brouillon enregistré').waitFor();
      const after = await read(c.id, alice);
      expect(after.dossier.checklist.filter((i: { done: boolean }) => i.done).map((i: { code: string }) => i.code)).toEqual(['1.1', '1.2']);
    });
  });
});
