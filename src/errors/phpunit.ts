import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/** PHPUnit: "There was 1 failure:", then `1) Class::method`, the message, and `path/File.php:N`. */
export const extractPhpunit: Extractor = (lines) => {
  const start = lines.findIndex((l) => /^There (was|were) \d+ (failure|error)s?:$/.test(l.trim()));
  if (start < 0) return [];
  const out: ErrorLocation[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const head = /^\d+\) (\S+::\S+)$/.exec((lines[i] ?? '').trim());
    if (!head?.[1]) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\d+\) \S+::/.test((lines[j] ?? '').trim()) && !/^(FAILURES!|ERRORS!|There (was|were) )/.test((lines[j] ?? '').trim()); j++)
      body.push(lines[j] ?? '');
    const frames = body.map((l) => /^\s*([\w./-]+\.php):(\d+)$/.exec(l.trim())).filter((m) => m?.[1] && isRepoPath(m[1]));
    const where = frames.find((m) => /tests?\//i.test(m?.[1] ?? '')) ?? frames[0];
    const message = body.map((l) => l.trim()).find((l) => l && !/\.php:\d+$/.test(l)) ?? head[1];
    out.push(loc('phpunit', message, where?.[1] ?? null, where?.[2], null, head[1]));
    i = j - 1;
  }
  return out;
};
