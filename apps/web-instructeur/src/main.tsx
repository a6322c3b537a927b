import '@codegouvfr/react-dsfr/main.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link } from 'react-router-dom';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { ApolloProvider } from '@apollo/client/react';
import { createApolloClient } from '@esms/graphql-client';
import { AuthProvider } from '@esms/ui';
import { App } from './app/app';

startReactDsfr({ defaultColorScheme: 'system', Link });

const client = createApolloClient();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <AuthProvider>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </AuthProvider>
    </ApolloProvider>
  </StrictMode>,
);
