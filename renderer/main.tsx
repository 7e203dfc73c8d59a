import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { getThemeStore } from './app/theme.js';
import { loadPreferenceStorage } from './app/preference-storage.js';
import { getClient } from './client/index.js';
import './app/styles/theme.css';
import './app/styles/app.css';

// Choices kept by the backend (theme, table columns…) are read before anything renders; then the
// theme is applied before the first paint so a dark desktop never flashes white.
await loadPreferenceStorage(getClient());
getThemeStore();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
