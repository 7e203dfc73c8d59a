import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

// Lazy: xterm.js is the heaviest dependency of the UI and only this page needs it.
const TracePage = lazy(() => import('./TracePage.js').then((module) => ({ default: module.TracePage })));

export const traceFeature: Feature = { id: 'trace', label: 'Trace a program', icon: 'pulse', Page: TracePage };
