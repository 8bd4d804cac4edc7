import type { Failure } from '../types.js';

/**
 * Keeps an error's file, and each of its stack frames, only if the repository holds it: a frame
 * of a runtime or a dependency that looks relative is not the repository's. Monorepo logs print
 * paths relative to a package, so a path that is missing is tried once more without its first segment.
 */
export async function resolveErrorFiles(failure: Failure, exists: (path: string) => boolean | Promise<boolean>): Promise<Failure> {
  const known = new Map<string, string | null>();
  const resolve = async (path: string): Promise<string | null> => {
    if (known.has(path)) return known.get(path) ?? null;
    let found: string | null = path;
    if (!(await exists(path))) {
      const tail = path.split('/').slice(1).join('/');
      found = tail && (await exists(tail)) ? tail : null;
    }
    known.set(path, found);
    return found;
  };
  const errors = [];
  for (const e of failure.errors) {
    const file = e.file ? await resolve(e.file) : null;
    const resolved = { ...e, file };
    if (e.frames) {
      const frames = [];
      for (const f of e.frames) {
        const at = await resolve(f.file);
        if (at) frames.push({ ...f, file: at });
      }
      if (frames.length) resolved.frames = frames;
      else delete resolved.frames;
    }
    errors.push(resolved);
  }
  return { ...failure, errors };
}
