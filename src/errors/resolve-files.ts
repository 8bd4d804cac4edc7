import type { Failure } from '../types.js';

/**
 * Keeps an error's file only if the repository holds it. Monorepo logs print paths relative to a
 * package, so a path that is missing is tried once more without its first segment.
 */
export async function resolveErrorFiles(failure: Failure, exists: (path: string) => boolean | Promise<boolean>): Promise<Failure> {
  const errors = [];
  for (const e of failure.errors) {
    let file = e.file;
    if (file && !(await exists(file))) {
      const tail = file.split('/').slice(1).join('/');
      file = tail && (await exists(tail)) ? tail : null;
    }
    errors.push({ ...e, file });
  }
  return { ...failure, errors };
}
