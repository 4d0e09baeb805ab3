import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { client, ok, setToken, setUnauthorizedHandler } from './api';
import type { LoginResponse, SessionUser } from './api/types';

interface Session {
  token: string;
  /** single-use: renews the short access token before it expires (POST /api/auth/refresh) */
  refreshToken: string;
  user: SessionUser;
  /** epoch ms when the access token expires (from its `exp` claim) */
  expiresAt: number | null;
}

interface Auth {
  session: Session | null;
  /** why the last session ended: 'expired' | 'logout' | null */
  ended: 'expired' | 'logout' | null;
  login: (username: string, password: string) => Promise<void>;
  logout: (why?: 'expired' | 'logout') => void;
  /** Takes over a new session (after a password change). */
  adopt: (r: LoginResponse) => void;
  hasRole: (...roles: string[]) => boolean;
}

const KEY = 'bangfu.session';
const AuthContext = createContext<Auth | null>(null);
/** Renew the access token this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

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

function toSession(r: LoginResponse): Session {
  return {
    token: r.accessToken,
    refreshToken: r.refreshToken,
    user: r.user,
    expiresAt: expiryOf(r.accessToken),
  };
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
  // the session a renewal answers for must still be the current one (not replaced by a password change)
  const current = useRef<Session | null>(session);
  current.current = session;

  const end = useCallback((why: 'expired' | 'logout') => {
    sessionStorage.removeItem(KEY);
    setToken(null);
    setSession(null);
    setEnded(why);
  }, []);

  const adopt = useCallback((r: LoginResponse) => {
    const s = toSession(r);
    sessionStorage.setItem(KEY, JSON.stringify(s));
    setToken(s.token);
    setEnded(null);
    setSession(s);
  }, []);

  const logout = useCallback(
    (why: 'expired' | 'logout' = 'logout') => {
      // revoke the session on the server too (its refresh token and access token stop working)
      if (why === 'logout' && session) void client.POST('/api/auth/logout').catch(() => undefined);
      end(why);
    },
    [session, end],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      adopt(await ok(client.POST('/api/auth/login', { body: { username, password } })));
    },
    [adopt],
  );

  // any 401 from the API ends the session
  useEffect(() => {
    setUnauthorizedHandler(() => end('expired'));
    return () => setUnauthorizedHandler(null);
  }, [end]);
  // renew the short access token shortly before it expires; a refused renewal ends the session
  useEffect(() => {
    if (!session?.expiresAt) return;
    const ms = session.expiresAt - Date.now() - RENEW_BEFORE_MS;
    const renew = () => {
      const still = () => current.current?.refreshToken === session.refreshToken;
      ok(client.POST('/api/auth/refresh', { body: { refreshToken: session.refreshToken } })).then(
        (r) => (still() ? adopt(r) : undefined),
        () => (still() ? end('expired') : undefined),
      );
    };
    if (ms <= 0) {
      renew();
      return;
    }
    const timer = setTimeout(renew, Math.min(ms, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [session, adopt, end]);

  const value = useMemo<Auth>(
    () => ({
      session,
      ended,
      login,
      logout,
      adopt,
      hasRole: (...roles) => !!session && roles.some((r) => session.user.roles.includes(r)),
    }),
    [session, ended, login, logout, adopt],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
