/**
 * Nav icons as inline SVG: no icon font (the CSP allows no external fonts, and system fonts lack many
 * symbols). Future features pick one by name.
 */
const PATHS = {
  gauge: 'M4 15a8 8 0 1 1 16 0M12 15l4-5M6.5 19h11',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v6M12 7.5v.5',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.5M4 12h.5M4 18h.5',
  memory: 'M6 7h12v10H6zM9 7V4M12 7V4M15 7V4M9 20v-3M12 20v-3M15 20v-3M9 10h6v4H9z',
  pulse: 'M3 12h4l2-6 4 12 2-6h6',
  bug: 'M8 9a4 4 0 0 1 8 0v5a4 4 0 0 1-8 0zM12 9v9M4 13h4M16 13h4M5 8l3 2M19 8l-3 2M5 19l3-2M19 19l-3-2',
  alert: 'M12 4 2.5 20h19zM12 10v5M12 17.5v.5',
  camera: 'M4 8h3l2-3h6l2 3h3v11H4zM12 16.5a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  record: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
