import { createClient, EzhiliAuthenticationError, type EzhiliClient, type Schema } from '@ezhili/sdk';

export type StaffMember = Schema<'StaffMember'>;

export interface Session {
  staff: StaffMember;
  /** When the server ends the session unless there is activity, if it said (the warning counts down to it). */
  expiresAt: string | null;
}

/** How officials may sign in on this deployment (the server says so in index.html). */
export interface SignInMethods {
  password: boolean;
  /** Where to navigate for OIDC sign-in, when the deployment has a provider. */
  oidcUrl: string | null;
}

/**
 * The one place that knows how the console authenticates. Every page calls the API through
 * `client`; nothing else touches tokens, cookies or CSRF.
 */
export interface ConsoleAuth {
  readonly mode: 'cookie' | 'bearer';
  readonly client: EzhiliClient;
  readonly methods: SignInMethods;
  signIn(email: string, password: string): Promise<Session>;
  /** The session the browser already holds, if any (after a reload); also counts as activity. */
  resume(): Promise<Session | null>;
  signOut(): Promise<void>;
  /** Called with the session's new end after each answer that states it (idle expiry). */
  onExpiry(listener: (expiresAt: string) => void): () => void;
}

/** Whether an error means "not signed in (any more)". */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof EzhiliAuthenticationError;
}

type Listener = (expiresAt: string) => void;

/** A fetch that reports `Ezhili-Session-Expires-In` (seconds of idle time left) to the listeners. */
function expiryReportingFetch(listeners: Set<Listener>, fetchImpl?: typeof fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await (fetchImpl ?? globalThis.fetch)(input, init);
    const seconds = Number(response.headers.get('ezhili-session-expires-in'));
    if (response.headers.has('ezhili-session-expires-in') && Number.isFinite(seconds)) {
      const at = new Date(Date.now() + seconds * 1000).toISOString();
      for (const listener of listeners) listener(at);
    }
    return response;
  }) as typeof fetch;
}

function subscribe(listeners: Set<Listener>) {
  return (listener: Listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}

const earlier = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);

/**
 * Cookie mode (served by the server): the API under `/console/api`, the session in an HttpOnly
 * SameSite=Strict cookie page scripts cannot read; the SDK keeps the CSRF token from the session
 * answer and sends it on every call. A reload resumes the session.
 */
export function cookieAuth(origin: string, methods: SignInMethods, fetchImpl?: typeof fetch): ConsoleAuth {
  const listeners = new Set<Listener>();
  const client = createClient({
    baseUrl: `${origin}/console/api`,
    credentials: 'same-origin',
    fetch: expiryReportingFetch(listeners, fetchImpl),
    maxRetries: 1,
  });
  const toSession = (session: Schema<'ConsoleSession'>): Session => ({
    staff: session.staff,
    expiresAt: earlier(session.idleExpiresAt, session.expiresAt),
  });
  return {
    mode: 'cookie',
    client,
    methods: { ...methods, oidcUrl: methods.oidcUrl === null ? null : client.staff.consoleOidcSignInUrl() },
    async signIn(email, password) {
      return toSession(await client.staff.consoleSignIn({ email, password }));
    },
    async resume() {
      try {
        return toSession(await client.staff.consoleSession());
      } catch (error) {
        if (isSignedOutError(error)) return null;
        throw error;
      }
    },
    async signOut() {
      try {
        await client.staff.consoleSignOut();
      } catch (error) {
        // Already ended on the server: signed out all the same.
        if (!isSignedOutError(error)) throw error;
      }
    },
    onExpiry: subscribe(listeners),
  };
}

/**
 * Bearer mode (the Vite dev server, which the server does not serve): the token lives only in
 * the SDK transport's memory, never in localStorage or a cookie, so a reload signs the user out.
 */
export function bearerAuth(baseUrl: string, fetchImpl?: typeof fetch): ConsoleAuth {
  const listeners = new Set<Listener>();
  const client = createClient({ baseUrl, credentials: 'omit', fetch: fetchImpl, maxRetries: 1 });
  return {
    mode: 'bearer',
    client,
    methods: { password: true, oidcUrl: null },
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
    onExpiry: subscribe(listeners),
  };
}

/** The sign-in methods the server announced in `<meta name="ezhili-sign-in" content="password oidc">`. */
export function announcedSignIn(doc: Document): SignInMethods | null {
  const content = doc.querySelector('meta[name="ezhili-sign-in"]')?.getAttribute('content');
  if (content === null || content === undefined) return null;
  const methods = content.split(/\s+/);
  return { password: methods.includes('password'), oidcUrl: methods.includes('oidc') ? '' : null };
}

/** Served by the server (it announces the sign-in methods): cookie mode; the Vite dev server: bearer. */
export function defaultAuth(doc: Document = document): ConsoleAuth {
  const methods = announcedSignIn(doc);
  return methods ? cookieAuth(window.location.origin, methods) : bearerAuth(window.location.origin);
}
