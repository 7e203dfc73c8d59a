import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const HistoryPage = lazy(() => import('./HistoryPage.js').then((module) => ({ default: module.HistoryPage })));

export const historyFeature: Feature = { id: 'history', label: 'History', icon: 'clock', Page: HistoryPage };
