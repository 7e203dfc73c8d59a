import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const ProcessesPage = lazy(() => import('./ProcessesPage.js').then((module) => ({ default: module.ProcessesPage })));

export const processesFeature: Feature = { id: 'processes', label: 'Processes', icon: 'list', Page: ProcessesPage };
