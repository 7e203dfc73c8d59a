import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';

const RecordingPage = lazy(() => import('./RecordingPage.js').then((module) => ({ default: module.RecordingPage })));

export const recordingFeature: Feature = { id: 'recording', label: 'Recording', icon: 'record', Page: RecordingPage };
