import { Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthContext.js';

/** Pages behind it need a session; without one the login page opens and comes back here after. */
export function RequireSignIn() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'checking') return <Spin fullscreen />;
  if (state.status === 'signedOut') {
    const from = location.pathname + location.search;
    return (
      <Navigate
        to="/login"
        replace
        state={{ from, expired: state.reason === 'expired' ? true : undefined }}
      />
    );
  }
  return <Outlet />;
}
