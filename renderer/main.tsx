import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { getThemeStore } from './app/theme.js';
import './app/styles/theme.css';
import './app/styles/app.css';

// Apply the theme before the first paint so a dark desktop never flashes white.
getThemeStore();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
