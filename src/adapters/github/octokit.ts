import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  baseUrl?: string;
  /** Retries after a rate limit, primary or secondary, before giving up. */
  rateLimitRetries?: number;
  log?: (message: string) => void;
}

/**
 * The one Octokit: Octokit's own retry (5xx) and throttling (403/429 with `retry-after` and
 * reset headers) plugins rather than hand-written loops. Base URL from GITHUB_API_URL.
 */
export function createOctokit(token: string, options: OctokitOptions = {}): Octokit {
  const retries = options.rateLimitRetries ?? 2;
  const log = options.log ?? (() => undefined);
  return getOctokit(
    token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      throttle: {
        onRateLimit: (after: number, opts: { method: string; url: string }, _o: unknown, count: number) => {
          log(`Rate limited on ${opts.method} ${opts.url}; retrying in ${after}s (${count + 1}/${retries})`);
          return count < retries;
        },
        onSecondaryRateLimit: (after: number, opts: { method: string; url: string }, _o: unknown, count: number) => {
          log(`Secondary rate limit on ${opts.method} ${opts.url}; retrying in ${after}s (${count + 1}/${retries})`);
          return count < retries;
        },
      },
      // 403 and 429 belong to the throttling plugin, which reads the rate-limit headers.
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    },
    retry,
    throttling,
  );
}
