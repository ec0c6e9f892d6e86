import type { Writable } from 'node:stream';

/** A one-line progress bar on a terminal; does nothing when stderr is piped or redirected. */
export interface Progress {
  add(bytes: number): void;
  done(): void;
}

const WIDTH = 30;
/** Redraw at most every 100 ms, so a fast read is not slowed by terminal writes. */
const REDRAW_MS = 100;

export function createProgress(stream: Writable & { isTTY?: boolean }, totalBytes: number | undefined, now: () => number = Date.now): Progress {
  if (stream.isTTY !== true) return { add() {}, done() {} };
  let read = 0;
  let drawnAt = 0;
  let drawn = false;
  const draw = (): void => {
    const mib = (read / 1_048_576).toFixed(1);
    if (totalBytes && totalBytes > 0) {
      const share = Math.min(1, read / totalBytes);
      const filled = Math.round(share * WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${mib} MiB`);
    } else {
      stream.write(`\r${mib} MiB read`);
    }
    drawn = true;
  };
  return {
    add(bytes) {
      read += bytes;
      const t = now();
      if (t - drawnAt >= REDRAW_MS) {
        drawnAt = t;
        draw();
      }
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
