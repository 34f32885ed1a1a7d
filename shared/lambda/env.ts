/**
 * Reads a required environment variable once, at module load, and fails fast naming it: a function missing its
 * configuration should refuse to start, not half-work.
 */
export const requireEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`missing required environment variable ${name}`);
  return value;
};

export const optionalEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
};
