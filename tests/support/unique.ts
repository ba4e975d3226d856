import { randomBytes } from 'node:crypto';

/** Unique across test files, workers and runs against the same database, and a valid username. */
export const uniqueName = (prefix = 'user') => `${prefix}_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
