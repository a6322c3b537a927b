import type { Role } from './operations';

export interface LoggedInUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export type LoginResult =
  | { ok: true; user: LoggedInUser }
  | {
      ok: false;
      code: 'INVALID_CREDENTIALS' | 'ACCOUNT_NOT_ACTIVE' | 'TOO_MANY_ATTEMPTS' | 'UNAVAILABLE';
      /** The gateway's French message when it sent one. */
      message?: string;
      /** Seconds to wait, from the Retry-After header of a 429. */
      retryAfterSeconds?: number;
    };

interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

async function readJson(response: ResponseLike): Promise<Record<string, unknown>> {
  try {
    const body = await response.json();
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `POST /auth/login`: the gateway sets the httpOnly session cookie on success. */
export async function login(
  credentials: { email: string; password: string },
  fetchImpl: typeof fetch = fetch,
): Promise<LoginResult> {
  let response: ResponseLike;
  try {
    response = await fetchImpl('/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(credentials),
    });
  } catch {
    return { ok: false, code: 'UNAVAILABLE' };
  }
  const body = await readJson(response);
  const message = typeof body['message'] === 'string' ? body['message'] : undefined;
  if (response.status === 200 && body['user']) {
    return { ok: true, user: body['user'] as LoggedInUser };
  }
  if (response.status === 401) return { ok: false, code: 'INVALID_CREDENTIALS', message };
  if (response.status === 403 && body['code'] === 'ACCOUNT_NOT_ACTIVE') return { ok: false, code: 'ACCOUNT_NOT_ACTIVE', message };
  if (response.status === 429) {
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return {
      ok: false,
      code: 'TOO_MANY_ATTEMPTS',
      message,
      retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
    };
  }
  return { ok: false, code: 'UNAVAILABLE', message };
}

/** `POST /auth/logout`: the gateway clears the session cookie (204). */
export async function logout(fetchImpl: typeof fetch = fetch): Promise<void> {
  await fetchImpl('/auth/logout', { method: 'POST', credentials: 'same-origin' });
}
