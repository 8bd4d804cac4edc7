/**
 * The environment the repository's own commands (setup, tests) run with: the runner's, minus
 * every credential. Test code is untrusted; it must not be able to read the token that pushes.
 */
export function scrubEnv(env: Record<string, string | undefined>, extraSecrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const secretValues = new Set(extraSecrets.filter((s) => s.length >= 4));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (
      key.startsWith('INPUT_') ||
      key.startsWith('ACTIONS_') ||
      /^(GITHUB_TOKEN|GH_TOKEN|GITHUB_PAT|OPENAI_API_KEY|AZURE_OPENAI_API_KEY|CI_AUTOFIX_API_KEY)$/.test(key) ||
      /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+)$/.test(key) ||
      secretValues.has(value)
    ) {
      continue;
    }
    out[key] = value;
  }
  return out;
}
