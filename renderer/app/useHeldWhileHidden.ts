import { useState } from 'react';

/**
 * `value` while `shown`, else the last value seen while shown. An off-screen chart thus gets the same
 * (memoized) props tick after tick and does no work; when it comes back it takes the newest value in
 * the same render, without an effect or a second commit.
 */
export function useHeldWhileHidden<T>(value: T, shown: boolean): T {
  const [held, setHeld] = useState(value);
  // Storing information from previous renders: React re-runs this component before committing.
  if (shown && held !== value) setHeld(value);
  return shown ? value : held;
}
