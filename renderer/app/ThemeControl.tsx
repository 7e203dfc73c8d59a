import { Segmented } from './Segmented.js';
import { getThemeStore, THEME_PREFERENCES, type ThemePreference } from './theme.js';

const LABELS: Record<ThemePreference, string> = { auto: 'Auto', light: 'Light', dark: 'Dark' };

export function ThemeControl() {
  const store = getThemeStore();
  const preference = store((state) => state.preference);
  const setPreference = store((state) => state.setPreference);
  return (
    <Segmented
      label="Theme"
      testId="theme-control"
      value={preference}
      onSelect={setPreference}
      options={THEME_PREFERENCES.map((option) => ({
        value: option,
        label: LABELS[option],
        testId: `theme-${option}`,
        title: option === 'auto' ? 'Follow the system setting' : `${LABELS[option]} theme`,
      }))}
    />
  );
}
