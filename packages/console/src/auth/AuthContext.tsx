import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { StaffRole } from '../access/operation-roles.js';
import type { ConsoleAuth, Session } from './console-auth.js';

type AuthState =
  | { status: 'checking' }
  | { status: 'signedOut'; reason?: 'expired' | undefined }
  | { status: 'signedIn'; session: Session };

interface AuthValue {
  auth: ConsoleAuth;
  state: AuthState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Called when the server answers 401: the session ended underneath us. */
  expire(): void;
  /** Counts as activity: asks the server for the session again (the warning's "stay signed in"). */
  keepAlive(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ auth, children }: { auth: ConsoleAuth; children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'checking' });

  useEffect(() => {
    let live = true;
    auth.resume().then(
      (session) => live && setState(session ? { status: 'signedIn', session } : { status: 'signedOut' }),
      () => live && setState({ status: 'signedOut' }),
    );
    return () => {
      live = false;
    };
  }, [auth]);

  // Every answer that states the idle time left moves the session's end (and its warning).
  useEffect(
    () =>
      auth.onExpiry((expiresAt) =>
        setState((current) =>
          current.status === 'signedIn' && current.session.expiresAt !== expiresAt
            ? { status: 'signedIn', session: { ...current.session, expiresAt } }
            : current,
        ),
      ),
    [auth],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const session = await auth.signIn(email, password);
      setState({ status: 'signedIn', session });
    },
    [auth],
  );
  const signOut = useCallback(async () => {
    try {
      await auth.signOut();
    } finally {
      setState({ status: 'signedOut' });
    }
  }, [auth]);
  const expire = useCallback(() => {
    void auth.signOut().catch(() => undefined);
    setState((current) =>
      current.status === 'signedIn' ? { status: 'signedOut', reason: 'expired' } : current,
    );
  }, [auth]);

  const keepAlive = useCallback(async () => {
    const session = await auth.resume();
    setState(session ? { status: 'signedIn', session } : { status: 'signedOut', reason: 'expired' });
  }, [auth]);

  const value = useMemo(
    () => ({ auth, state, signIn, signOut, expire, keepAlive }),
    [auth, state, signIn, signOut, expire, keepAlive],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The API client of the signed-in session. */
export function useClient() {
  return useAuth().auth.client;
}

/** The signed-in staff member (only under RequireSignIn). */
export function useStaff() {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useStaff outside a signed-in page');
  return state.session.staff;
}

export function useRoles(): readonly StaffRole[] {
  return useStaff().roles;
}
