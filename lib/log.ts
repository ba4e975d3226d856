type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const isLevel = (value: string | undefined): value is Level => value !== undefined && Object.hasOwn(order, value);
let threshold: number | undefined;
// LOG_LEVEL is read on the first line written, not at import.
const minimum = () => (threshold ??= order[isLevel(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : 'info']);

// Keys whose values never reach a log line, wherever they appear.
const secretKeys = /^(password|passwordhash|token|authorization|jwt|secret)$/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretKeys.test(k) ? '[redacted]' : redact(v, depth + 1)]));
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (order[level] < minimum()) return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...Object(redact(fields)) });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
