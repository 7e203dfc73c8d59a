import type { Feature } from '../../app/feature.js';
import { DashboardPage } from './DashboardPage.js';

// Eager, not lazy: the dashboard is the first screen and its first chart has a 2 s budget.
export const dashboardFeature: Feature = { id: 'dashboard', label: 'Dashboard', icon: 'gauge', Page: DashboardPage };
