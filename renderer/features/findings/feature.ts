import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const FindingsPage = lazy(() => import('./FindingsPage.js').then((module) => ({ default: module.FindingsPage })));

export const findingsFeature: Feature = { id: 'findings', label: 'Findings', icon: 'alert', Page: FindingsPage };
