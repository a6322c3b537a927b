import { useMemo, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Header, type HeaderProps } from '@codegouvfr/react-dsfr/Header';
import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { headerFooterDisplayItem } from '@codegouvfr/react-dsfr/Display';
import { ServiceContext, type ServiceIdentity } from './service';
import { useSession } from './session';
import './register-link';

export const MAIN_CONTENT_ID = 'contenu';
const NAVIGATION_ID = 'navigation-principale';
const FOOTER_ID = 'pied-de-page';
const BRAND_TOP = (
  <>
    République
    <br />
    Française
  </>
);

export interface NavigationItem {
  text: string;
  /** Route of the page; without it the item is shown as coming soon ("bientôt"). */
  to?: string;
}

export interface LayoutProps extends ServiceIdentity {
  serviceTagline?: string;
  navigation?: NavigationItem[];
  /** The page; defaults to the matched child route. */
  children?: ReactNode;
}

/** Main navigation; items not built yet are visible but disabled, never dead links. */
export function MainMenu({ items }: { items: NavigationItem[] }) {
  const { pathname } = useLocation();
  return (
    <nav className="fr-nav" id={NAVIGATION_ID} role="navigation" aria-label="Menu principal">
      <ul className="fr-nav__list">
        {items.map((item) => (
          <li className="fr-nav__item" key={item.text}>
            {item.to ? (
              <Link className="fr-nav__link" to={item.to} aria-current={pathname === item.to ? 'page' : undefined}>
                {item.text}
              </Link>
            ) : (
              <a className="fr-nav__link" role="link" aria-disabled="true">
                {item.text}
                <span className="fr-badge fr-badge--sm fr-badge--no-icon fr-ml-1w">bientôt</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** DSFR page frame: skip links, header with the session, main landmark, footer. */
export function Layout({ serviceTitle, serviceTagline, roles, signUpPath, passwordResetPath, navigation = [], children }: LayoutProps) {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const identity = useMemo(
    () => ({ serviceTitle, roles, signUpPath, passwordResetPath }),
    [serviceTitle, roles, signUpPath, passwordResetPath],
  );

  const quickAccessItems: HeaderProps['quickAccessItems'] = me
    ? [
        <span key="account" className="fr-btn fr-icon-account-circle-line fr-btn--icon-left" data-testid="account-name">
          {me.displayName}
        </span>,
        {
          iconId: 'fr-icon-logout-box-r-line',
          text: 'Se déconnecter',
          buttonProps: {
            type: 'button',
            onClick: async () => {
              await signOut();
              navigate('/');
            },
          },
        },
      ]
    : [
        { iconId: 'fr-icon-lock-line', text: 'Se connecter', linkProps: { to: '/connexion' } },
        ...(signUpPath
          ? [{ iconId: 'fr-icon-account-line' as const, text: 'Créer un compte', linkProps: { to: signUpPath } }]
          : []),
      ];

  const skipLinks = [
    { label: 'Contenu', anchor: `#${MAIN_CONTENT_ID}` },
    ...(navigation.length ? [{ label: 'Menu', anchor: `#${NAVIGATION_ID}` }] : []),
    { label: 'Pied de page', anchor: `#${FOOTER_ID}` },
  ];
  const homeLinkProps = { to: '/', title: `Accueil — ${serviceTitle}` };

  return (
    <ServiceContext.Provider value={identity}>
      <SkipLinks links={skipLinks} />
      <Header
        id="en-tete"
        brandTop={BRAND_TOP}
        serviceTitle={serviceTitle}
        serviceTagline={serviceTagline}
        homeLinkProps={homeLinkProps}
        quickAccessItems={quickAccessItems}
        navigation={navigation.length ? <MainMenu items={navigation} /> : undefined}
      />
      <main id={MAIN_CONTENT_ID} role="main" tabIndex={-1}>
        {children ?? <Outlet />}
      </main>
      <Footer
        id={FOOTER_ID}
        brandTop={BRAND_TOP}
        homeLinkProps={homeLinkProps}
        accessibility="non compliant"
        accessibilityLinkProps={{ to: '/accessibilite' }}
        contentDescription="ESMS numérique est le programme national qui finance le dossier usager informatisé (DUI) des établissements et services sociaux et médico-sociaux. Il est piloté par la CNSA et mis en œuvre par les agences régionales de santé."
        bottomItems={[headerFooterDisplayItem]}
      />
    </ServiceContext.Provider>
  );
}
