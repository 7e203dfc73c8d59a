import type { KeyboardEvent } from 'react';

/**
 * Tab and Shift+Tab cycle through a dialog's enabled buttons: while it asks, the page behind it cannot be
 * reached (and changed) from the keyboard. Call from the dialog's onKeyDown for a Tab key.
 */
export function keepTabInside(event: KeyboardEvent<HTMLElement>, box: HTMLElement | null): void {
  const buttons = [...(box?.querySelectorAll<HTMLElement>('button:not([disabled])') ?? [])];
  const first = buttons[0];
  const last = buttons.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
