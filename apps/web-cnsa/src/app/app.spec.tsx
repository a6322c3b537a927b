import { render, screen } from '@testing-library/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter } from 'react-router-dom';
import { ME_QUERY } from '@esms/graphql-client';
import { AuthProvider } from '@esms/ui';
import { App } from './app';

function renderApp(me: { role: string; displayName: string } | null) {
  const data = me
    ? { me: { __typename: 'Me', id: 'u-1', email: 'x@cnsa.fr', regionCode: null, organismes: [], ...me } }
    : { me: null };
  return render(
    <MockedProvider mocks={[{ request: { query: ME_QUERY }, result: { data } }]}>
      <AuthProvider>
        <MemoryRouter>
          <App />
        </MemoryRouter>
      </AuthProvider>
    </MockedProvider>,
  );
}

describe('web-cnsa', () => {
  it('invites an anonymous visitor to log in', async () => {
    renderApp(null);
    expect(await screen.findByText('Espace réservé à la CNSA')).toBeTruthy();
  });

  it('shows the national dashboard to CNSA', async () => {
    renderApp({ role: 'CNSA', displayName: 'Dominique Bernard' });
    expect(await screen.findByText(/Bonjour Dominique Bernard/)).toBeTruthy();
  });

  it('refuses another role', async () => {
    renderApp({ role: 'PORTEUR', displayName: 'Porteur' });
    expect(await screen.findByText('Accès réservé')).toBeTruthy();
  });
});
