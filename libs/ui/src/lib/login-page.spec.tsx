import { fireEvent, render, screen } from '@testing-library/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { ME_QUERY } from '@esms/graphql-client';
import { AuthProvider } from './session';
import { LoginPage, safeNextPath } from './login-page';
import { RequireRole } from './require-role';

const anonymous = { request: { query: ME_QUERY }, result: { data: { me: null } } };

function renderAt(path: string) {
  return render(
    <MockedProvider mocks={[anonymous, anonymous]}>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/connexion" element={<LoginPage />} />
            <Route
              path="/file"
              element={
                <RequireRole roles={['INSTRUCTEUR']}>
                  <p>Ma file</p>
                </RequireRole>
              }
            />
          </Routes>
        </MemoryRouter>
      </AuthProvider>
    </MockedProvider>,
  );
}

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/Adresse électronique/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/^Mot de passe/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('LoginPage', () => {
  const originalFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = originalFetch;
  });

  it('shows the gateway French error on 401', async () => {
    const fetchMock = jest.fn().mockResolvedValue({
      status: 401,
      headers: { get: () => null },
      json: async () => ({ code: 'INVALID_CREDENTIALS', message: 'Adresse électronique ou mot de passe incorrect.' }),
    });
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    renderAt('/connexion');

    fillAndSubmit('porteur@exemple.fr', 'mauvais-mot-de-passe');

    expect(await screen.findByText('Connexion impossible')).toBeTruthy();
    expect(screen.getByText('Adresse électronique ou mot de passe incorrect.')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledWith(
      '/auth/login',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ email: 'porteur@exemple.fr', password: 'mauvais-mot-de-passe' }),
      }),
    );
  });

  it('tells how long to wait on 429', async () => {
    globalThis.fetch = jest.fn().mockResolvedValue({
      status: 429,
      headers: { get: (name: string) => (name === 'Retry-After' ? '300' : null) },
      json: async () => ({ code: 'TOO_MANY_ATTEMPTS', message: 'Trop de tentatives de connexion.' }),
    }) as unknown as typeof fetch;
    renderAt('/connexion');

    fillAndSubmit('porteur@exemple.fr', 'x');

    expect(await screen.findByText('Trop de tentatives de connexion. Réessayez dans 5 minutes.')).toBeTruthy();
  });

  it('explains a 403 ACCOUNT_NOT_ACTIVE with the gateway message', async () => {
    globalThis.fetch = jest.fn().mockResolvedValue({
      status: 403,
      headers: { get: () => null },
      json: async () => ({ code: 'ACCOUNT_NOT_ACTIVE', message: 'Votre compte n’est pas activé : ouvrez le lien reçu par e-mail.' }),
    }) as unknown as typeof fetch;
    renderAt('/connexion');

    fillAndSubmit('porteur@exemple.fr', 'un-mot-de-passe');

    expect(await screen.findByText('Votre compte n’est pas activé : ouvrez le lien reçu par e-mail.')).toBeTruthy();
  });

  it('checks the fields before calling the gateway', () => {
    const fetchMock = jest.fn();
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    renderAt('/connexion');

    fillAndSubmit('pas-une-adresse', '');

    expect(screen.getByText('Saisissez une adresse électronique valide, par exemple : nom@domaine.fr')).toBeTruthy();
    expect(screen.getByText('Saisissez votre mot de passe.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('RequireRole', () => {
  it('sends an anonymous visitor to the login page', async () => {
    renderAt('/file');
    expect(await screen.findByRole('heading', { name: 'Connexion à votre espace' })).toBeTruthy();
    expect(screen.queryByText('Ma file')).toBeNull();
  });
});

describe('safeNextPath', () => {
  it('keeps paths of the app and refuses other sites', () => {
    expect(safeNextPath('/candidatures?x=1')).toBe('/candidatures?x=1');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
