import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const CorePage = lazy(() => import('./CorePage.js').then((module) => ({ default: module.CorePage })));

export const coreFeature: Feature = { id: 'core', label: 'Core dumps', icon: 'bug', Page: CorePage };
