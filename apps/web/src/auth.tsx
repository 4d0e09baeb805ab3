import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { client, ok, setToken, setUnauthorizedHandler } from './api';
import type { SessionUser } from './api/types';

interface Session {
  token: string;
  user: SessionUser;
  /** epoch ms when the token expires (from its `exp` claim) */
  expiresAt: number | null;
}

interface Auth {
  session: Session | null;
  /** why the last session ended: 'expired' | 'logout' | null */
  ended: 'expired' | 'logout' | null;
  login: (username: string, password: string) => Promise<void>;
  logout: (why?: 'expired' | 'logout') => void;
  hasRole: (...roles: string[]) => boolean;
}

const KEY = 'bangfu.session';
const AuthContext = createContext<Auth | null>(null);

function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return payload.exp ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

function stored(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (s?.token) {
      setToken(s.token);
      return s;
    }
  } catch {
    // ignore a damaged entry
  }
  return null;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(stored);
  const [ended, setEnded] = useState<Auth['ended']>(null);

  const logout = useCallback((why: 'expired' | 'logout' = 'logout') => {
    sessionStorage.removeItem(KEY);
    setToken(null);
    setSession(null);
    setEnded(why);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await ok(client.POST('/api/auth/login', { body: { username, password } }));
    const s: Session = { token: r.accessToken, user: r.user, expiresAt: expiryOf(r.accessToken) };
    sessionStorage.setItem(KEY, JSON.stringify(s));
    setToken(s.token);
    setEnded(null);
    setSession(s);
  }, []);

  // any 401 from the API ends the session; so does the token's own expiry time
  useEffect(() => {
    setUnauthorizedHandler(() => logout('expired'));
    return () => setUnauthorizedHandler(null);
  }, [logout]);
  useEffect(() => {
    if (!session?.expiresAt) return;
    const ms = session.expiresAt - Date.now();
    if (ms <= 0) {
      logout('expired');
      return;
    }
    const timer = setTimeout(() => logout('expired'), Math.min(ms, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [session, logout]);

  const value = useMemo<Auth>(
    () => ({
      session,
      ended,
      login,
      logout,
      hasRole: (...roles) => !!session && roles.some((r) => session.user.roles.includes(r)),
    }),
    [session, ended, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
