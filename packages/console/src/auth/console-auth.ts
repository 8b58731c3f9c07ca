import { createClient, EzhiliAuthenticationError, type EzhiliClient, type Schema } from '@ezhili/sdk';

export type StaffMember = Schema<'StaffMember'>;

export interface Session {
  staff: StaffMember;
  /** When the server ends the session, if it said (the idle-expiry warning counts down to it). */
  expiresAt: string | null;
}

/**
 * The one place that knows how the console authenticates. Every page calls the API through
 * `client`; nothing else touches tokens or cookies.
 */
export interface ConsoleAuth {
  readonly client: EzhiliClient;
  signIn(email: string, password: string): Promise<Session>;
  /** The session the browser already holds, if any (after a reload). */
  resume(): Promise<Session | null>;
  signOut(): Promise<void>;
}

/**
 * Bearer mode (until the cookie session lands): the token lives only in the SDK transport's
 * memory, never in localStorage or a cookie, so a reload signs the user out.
 */
export function bearerAuth(baseUrl: string, fetchImpl?: typeof fetch): ConsoleAuth {
  const client = createClient({ baseUrl, credentials: 'omit', fetch: fetchImpl, maxRetries: 1 });
  return {
    client,
    async signIn(email, password) {
      const session = await client.staff.login({ email, password });
      // Roles come from `me`, the same answer a resumed session gets.
      return { staff: await client.staff.me(), expiresAt: session.expiresAt };
    },
    async resume() {
      return null;
    },
    async signOut() {
      client.setToken(undefined);
    },
  };
}

/** Whether an error means "not signed in (any more)". */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof EzhiliAuthenticationError;
}

/** The API is on the console's own origin (the server serves both). */
export function defaultAuth(): ConsoleAuth {
  return bearerAuth(window.location.origin);
}
