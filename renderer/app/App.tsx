import { Suspense, useEffect } from 'react';
import { ConnectionBanner } from './ConnectionBanner.js';
import { FindingsBadge } from '../features/findings/FindingsBadge.js';
import { Icon } from './icons.js';
import { FEATURES, findPage, MOVED_ROUTES } from './registry.js';
import { hrefFor, useRoute } from './router.js';
import { ThemeControl } from './ThemeControl.js';

export function App() {
  const route = useRoute();
  useEffect(() => {
    const moved = MOVED_ROUTES[route];
    if (moved) window.location.replace(hrefFor(moved.id, moved.params));
  }, [route]);
  const { navId, pageId, Page } = findPage(route);
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main" data-testid="nav">
        <div className="brand">
          <span className="brand-mark">
            <Icon name="pulse" size={17} />
          </span>
          Triage
        </div>
        <ul className="nav-list">
          {FEATURES.map((feature) => (
            <li key={feature.id}>
              <a
                href={hrefFor(feature.id)}
                className={feature.id === navId ? 'nav-link active' : 'nav-link'}
                aria-current={feature.id === navId ? 'page' : undefined}
                data-testid={`nav-${feature.id}`}
              >
                <span className="nav-icon">
                  <Icon name={feature.icon} />
                </span>
                {feature.label}
                {feature.id === 'findings' && <FindingsBadge />}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <ThemeControl />
        </div>
      </nav>
      <main className="content" data-testid={`page-${pageId}`}>
        <ConnectionBanner />
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Page />
        </Suspense>
      </main>
    </div>
  );
}
