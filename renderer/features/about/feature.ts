import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const AboutPage = lazy(() => import('./AboutPage.js').then((module) => ({ default: module.AboutPage })));

export const aboutFeature: Feature = { id: 'about', label: 'About this machine', icon: 'info', Page: AboutPage };
