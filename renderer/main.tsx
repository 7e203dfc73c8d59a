import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { getThemeStore } from './app/theme.js';
import { loadPreferenceStorage } from './app/preference-storage.js';
import { getClient } from './client/index.js';
import { findPage } from './app/registry.js';
import { parseRoute } from './app/router.js';
import { useDashboard } from './features/dashboard/store.js';
import './app/styles/theme.css';
import './app/styles/app.css';

// Choices kept by the backend (theme, table columns…) are read before anything renders; then the
// theme is applied before the first paint so a dark desktop never flashes white.
// The dashboard is the first screen: its subscription starts now, so the history is on its way while
// the preferences load and React mounts (its first chart has a 2 s budget from `triage web`).
if (findPage(parseRoute(location.hash)).pageId === 'dashboard') useDashboard.getState().start();
await loadPreferenceStorage(getClient());
getThemeStore();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
