import { render, screen } from '@testing-library/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter } from 'react-router-dom';
import { ME_QUERY } from '@esms/graphql-client';
import { AuthProvider } from '@esms/ui';
import { App } from './app';

const instructeur = {
  __typename: 'Me',
  id: 'u-1',
  email: 'agent@ars.sante.fr',
  displayName: 'Camille Martin',
  role: 'INSTRUCTEUR',
  regionCode: '28',
  organismes: [],
};

function renderApp(path: string, me: typeof instructeur | null) {
  return render(
    <MockedProvider mocks={[{ request: { query: ME_QUERY }, result: { data: { me } } }]}>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>
          <App />
        </MemoryRouter>
      </AuthProvider>
    </MockedProvider>,
  );
}

describe('web-instructeur', () => {
  it('invites an anonymous visitor to log in', async () => {
    renderApp('/', null);
    expect(await screen.findByText('Espace réservé aux agents')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Ma file d’instruction' })).toBeTruthy();
  });

  it('shows the queue and the account name to an instructeur', async () => {
    renderApp('/', instructeur);
    expect(await screen.findByText(/Bonjour Camille Martin/)).toBeTruthy();
    expect(screen.getAllByTestId('account-name')[0].textContent).toBe('Camille Martin');
    expect(screen.getAllByRole('button', { name: 'Se déconnecter' }).length).toBeGreaterThan(0);
  });

  it('answers unknown addresses with the 404 page', async () => {
    renderApp('/nulle-part', null);
    expect(await screen.findByRole('heading', { name: 'Page non trouvée' })).toBeTruthy();
  });
});
