export interface Progress {
  /** One item finished, successfully or not. */
  tick(): void;
  done(): void;
}

const BAR_WIDTH = 28;
const REDRAW_MS = 100;
// Without a terminal (CI, a pipe) a redrawn bar is noise: print a line every few seconds instead.
const LINE_EVERY_MS = 5_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A progress bar on stderr, so stdout keeps only the summary. */
export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const startedAt = performance.now();
  let finished = 0;
  let shownAt = 0;

  const status = () => {
    const elapsed = performance.now() - startedAt;
    const perSecond = finished / Math.max(elapsed / 1000, 0.001);
    const eta = finished > 0 && finished < total ? `, eta ${seconds(((total - finished) / perSecond) * 1000)}` : '';
    return `${finished}/${total} (${perSecond.toFixed(1)}/s, ${seconds(elapsed)}${eta})`;
  };
  const draw = () => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((finished / total) * BAR_WIDTH);
    stream.write(`\r${label.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${status()}\x1b[K`);
  };

  return {
    tick() {
      finished++;
      const now = performance.now();
      if (now - shownAt < (stream.isTTY ? REDRAW_MS : LINE_EVERY_MS)) return;
      shownAt = now;
      if (stream.isTTY) draw();
      else stream.write(`${label}: ${status()}\n`);
    },
    done() {
      if (stream.isTTY) {
        draw();
        stream.write('\n');
      } else stream.write(`${label}: ${status()}, done\n`);
    },
  };
}
