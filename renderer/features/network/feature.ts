import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const NetworkPage = lazy(() => import('./NetworkPage.js').then((module) => ({ default: module.NetworkPage })));

export const networkFeature: Feature = { id: 'network', label: 'Network & files', icon: 'list', Page: NetworkPage };
