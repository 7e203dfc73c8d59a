import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RetryError } from '../../app/RetryError.js';
import { InventoryView } from './InventoryView.js';
import { useAbout } from './store.js';

export function AboutPage() {
  const { status, inventory, app, error, load } = useAbout(
    useShallow((s) => ({ status: s.status, inventory: s.inventory, app: s.app, error: s.error, load: s.load })),
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page about" data-testid="about">
      <div className="page-head">
        <h1>About this machine</h1>
        <button type="button" className="button" disabled={status === 'loading'} onClick={() => void load(true)}>
          Refresh
        </button>
      </div>
      <RetryError error={status === 'error' ? error : null} onRetry={() => void load(true)} testId="about-error" />
      {inventory ? (
        <InventoryView inventory={inventory} app={app} />
      ) : status !== 'error' ? (
        <p className="muted" data-testid="about-loading">
          Reading this machine's details (this can take a few seconds)…
        </p>
      ) : null}
    </div>
  );
}
