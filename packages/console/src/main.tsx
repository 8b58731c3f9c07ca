import './app/console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppProviders } from './app/AppProviders.js';
import { readCspNonce, stampNonceOnCreatedStyles } from './app/csp-nonce.js';
import { routes } from './app/routes.js';
import { defaultAuth } from './auth/console-auth.js';

const router = createBrowserRouter(routes, { basename: '/console' });
const nonce = readCspNonce();
if (nonce) stampNonceOnCreatedStyles(nonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders auth={defaultAuth()} nonce={nonce}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
