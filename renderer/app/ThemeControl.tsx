import { getThemeStore, THEME_PREFERENCES, type ThemePreference } from './theme.js';

const LABELS: Record<ThemePreference, string> = { auto: 'Auto', light: 'Light', dark: 'Dark' };

export function ThemeControl() {
  const store = getThemeStore();
  const preference = store((state) => state.preference);
  const setPreference = store((state) => state.setPreference);
  return (
    <div className="segmented" role="radiogroup" aria-label="Theme" data-testid="theme-control">
      {THEME_PREFERENCES.map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={preference === option}
          className={preference === option ? 'active' : undefined}
          data-testid={`theme-${option}`}
          title={option === 'auto' ? 'Follow the system setting' : `${LABELS[option]} theme`}
          onClick={() => setPreference(option)}
        >
          {LABELS[option]}
        </button>
      ))}
    </div>
  );
}
