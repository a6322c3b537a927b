import type { Link } from 'react-router-dom';

// DSFR components take `linkProps` in the shape of react-router's <Link> (registered by each app's
// `startReactDsfr({ Link })`).
declare module '@codegouvfr/react-dsfr/link' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

export {};
