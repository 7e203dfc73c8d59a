import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const MemoryPage = lazy(() => import('./MemoryPage.js').then((module) => ({ default: module.MemoryPage })));

export const memoryFeature: Feature = { id: 'memory', label: 'Memory growth', icon: 'memory', Page: MemoryPage };
