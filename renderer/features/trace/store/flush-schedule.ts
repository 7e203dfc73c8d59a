/** Stream updates reach the page at most this often: each one re-renders the session bar and the open view. */
export const MIN_FLUSH_MS = 250;

function nextFrame(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') {
    // A hidden tab gets no frames: fall back to a timer so the data still lands.
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      flush();
    };
    requestAnimationFrame(once);
    setTimeout(once, 250);
  } else setTimeout(flush, 16);
}

/** The next frame at least MIN_FLUSH_MS after the previous flush, so a flood becomes a few updates a second. */
export function throttledFrames(): (flush: () => void) => void {
  let last = 0;
  return (flush) => {
    const run = () => {
      last = Date.now();
      flush();
    };
    const wait = last + MIN_FLUSH_MS - Date.now();
    if (wait <= 0) nextFrame(run);
    else setTimeout(() => nextFrame(run), wait);
  };
}
