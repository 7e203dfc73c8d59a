import { lazy } from 'react';
import type { SubPage } from '../../app/feature.js';

const ThresholdsPage = lazy(() => import('./ThresholdsPage.js').then((module) => ({ default: module.ThresholdsPage })));

/** Reached from the Findings page ("Thresholds…") or #/thresholds; the navigation shows it under Findings. */
export const thresholdsPage: SubPage = { id: 'thresholds', parentId: 'findings', Page: ThresholdsPage };
