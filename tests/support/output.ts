import { vi } from 'vitest';

/**
 * Captures every line written to stdout and stderr until `restore()`: the Powertools logger and metrics write
 * to the process streams through a Console of their own, not through the global console.
 */
export function captureOutput(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ...(['log', 'error', 'warn', 'info'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args) => capture(args.map(String).join(' '))),
    ),
  ];
  const restore = () => {
    for (const spy of spies) spy.mockRestore();
  };
  return { lines, restore };
}

/** The structured log lines among `lines`, parsed (not the metrics). */
export const logRecords = (lines: string[]) => lines.filter((line) => line.startsWith('{"level"')).map((line) => JSON.parse(line) as Record<string, unknown>);

/** The embedded-metric-format lines among `lines`, parsed. */
export const emfLines = (lines: string[]) =>
  lines.filter((line) => line.startsWith('{"_aws"') || line.includes('"_aws":')).map((line) => JSON.parse(line) as Record<string, unknown>);
