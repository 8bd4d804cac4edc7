import type { ErrorLocation } from '../types.js';

/**
 * Which formatter or fixable linter a failing lint command ran, and the command that runs its
 * own fix mode instead. Every rule is the tool's documented command line: `--check`-style flags
 * become the fix flag, the launcher (npx, poetry run, python -m …) and other options are kept.
 */

export interface FixPlan {
  /** The tool, as the PR names it: black, isort, ruff, ruff format, prettier, eslint, biome, gofmt, pre-commit. */
  tool: string;
  /** The part of the failing command this plan replaces. */
  check: string;
  /** The fix-mode command, run in the checkout like the tests. */
  command: string;
  /** Prints the tool's version, for the PR. */
  versionCommand: string;
  /** pre-commit: the hooks it runs, with their pinned revision where the config pins one. */
  hooks?: string[];
}

/** Words that may come before the tool: launchers, their flags, and environment assignments. */
const LAUNCHER =
  /^(npx|bunx|npm|pnpm|yarn|bun|exec|run|--|poetry|uv|pipenv|hatch|pdm|rye|python[\d.]*|-m|--no-install|--yes|-y|--offline|--silent|-s|[A-Z_][A-Z0-9_]*=\S*)$/;

/** A shell line as words: quotes kept with their word, so a word can be put back as it was. */
function words(line: string): string[] {
  return line.match(/(?:[^\s'"]+|'[^']*'|"(?:[^"\\]|\\.)*")+/g) ?? [];
}

const unquote = (w: string) => w.replace(/^(['"])(.*)\1$/, '$2');
const base = (w: string) => unquote(w).split('/').pop() ?? w;

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** Removes flags, alone or as `--flag=value`. */
function drop(args: string[], flags: readonly string[]): string[] {
  return args.filter((a) => !flags.includes(unquote(a)) && !flags.some((f) => f.startsWith('--') && unquote(a).startsWith(`${f}=`)));
}

/**
 * The path arguments of `args` narrowed to `files` where every file lies under one of them
 * (`.` or a folder): the tool then rewrites only what the log named. Unchanged otherwise.
 */
function narrow(args: string[], files: readonly string[]): string[] {
  // A file named like an option (the log is untrusted) would be read as one: no narrowing then.
  if (files.length === 0 || files.some((f) => f.startsWith('-'))) return args;
  const isPath = (a: string) => !a.startsWith('-') && (a === '.' || a === './' || /^[\w.@-][\w./@-]*$/.test(a));
  const paths = args.filter((a, i) => isPath(a) && !(i > 0 && /^--?[\w-]+$/.test(args[i - 1] ?? '') && !isBooleanFlag(args[i - 1] ?? '')));
  // No path argument (a quoted glob, the tool's default): the command's own selection stays.
  if (paths.length === 0) return args;
  const under = (f: string, p: string) => p === '.' || p === './' || f === p || f.startsWith(`${p.replace(/\/$/, '')}/`);
  if (!files.every((f) => paths.some((p) => under(f, p)))) return args;
  return [...args.filter((a) => !paths.includes(a)), ...files.map(shellQuote)];
}

/** Flags of these tools that take no value: a path after them is a path. */
function isBooleanFlag(flag: string): boolean {
  return /^--?(check|check-only|diff|fix|write|quiet|q|verbose|v|color|no-color|all-files|show-diff-on-failure|c|l|d|w|s|list-different|cache|no-cache|preview|force-exclude|unsafe-fixes|apply)$/.test(
    flag,
  );
}

/** A tool: whether a command's words run it, and its arguments in fix mode (null: there is nothing to turn into a fix). */
type Rule = { tool: string; match: (w: string[]) => boolean; fix: (args: string[], files: string[]) => string[] | null };

const RULES: Rule[] = [
  {
    tool: 'ruff format',
    match: (w) => base(w[0] ?? '') === 'ruff' && w[1] === 'format',
    // `format` is the subcommand, not a path to narrow.
    fix: ([sub = 'format', ...a], files) => (a.some((x) => ['--check', '--diff'].includes(x)) ? [sub, ...narrow(drop(a, ['--check', '--diff']), files)] : null),
  },
  {
    tool: 'ruff',
    match: (w) => base(w[0] ?? '') === 'ruff' && w[1] !== 'format',
    fix: (a, files) => {
      if (a.includes('--fix')) return null;
      const args = drop(a, ['--no-fix', '--diff', '--exit-non-zero-on-fix']);
      const sub = args[0] === 'check' ? ['check'] : [];
      return [...sub, '--fix', ...narrow(args.slice(sub.length), files)];
    },
  },
  {
    tool: 'black',
    match: (w) => base(w[0] ?? '') === 'black',
    fix: (a, files) => (a.some((x) => ['--check', '--diff'].includes(x)) ? narrow(drop(a, ['--check', '--diff', '--color']), files) : null),
  },
  {
    tool: 'isort',
    match: (w) => base(w[0] ?? '') === 'isort',
    fix: (a, files) =>
      a.some((x) => ['--check-only', '--check', '-c', '--diff', '--df'].includes(x))
        ? narrow(drop(a, ['--check-only', '--check', '-c', '--diff', '--df', '--color']), files)
        : null,
  },
  {
    tool: 'prettier',
    match: (w) => base(w[0] ?? '') === 'prettier',
    fix: (a, files) =>
      a.some((x) => ['--check', '-c', '--list-different', '-l'].includes(x))
        ? ['--write', ...narrow(drop(a, ['--check', '-c', '--list-different', '-l']), files)]
        : null,
  },
  {
    tool: 'eslint',
    match: (w) => base(w[0] ?? '') === 'eslint',
    fix: (a, files) => (a.includes('--fix') ? null : ['--fix', ...narrow(drop(a, ['--fix-dry-run']), files)]),
  },
  {
    tool: 'biome',
    match: (w) => base(w[0] ?? '') === 'biome' && ['check', 'lint', 'format', 'ci'].includes(w[1] ?? ''),
    fix: (a) => {
      if (a.includes('--write') || a.includes('--apply')) return null;
      const [sub, ...rest] = a;
      return [sub === 'ci' ? 'check' : (sub ?? 'check'), '--write', ...rest];
    },
  },
  {
    tool: 'gofmt',
    match: (w) => base(w[0] ?? '') === 'gofmt',
    fix: (a) => (a.includes('-w') ? null : ['-w', ...drop(a, ['-l', '-d', '-e'])]),
  },
];

/** pre-commit: the failed hooks that rewrote files, from its report (`- hook id: X` then `- files were modified by this hook`). */
export function modifyingHooks(lines: readonly string[]): string[] {
  const hooks: string[] = [];
  let current: string | null = null;
  for (const line of lines) {
    const t = line.trim();
    const id = /^- hook id: (\S+)$/.exec(t);
    if (id?.[1]) current = id[1];
    else if (current && t === '- files were modified by this hook' && !hooks.includes(current)) hooks.push(current);
    else if (/\.{4,}(Failed|Passed|Skipped)/.test(t)) current = null;
  }
  return hooks;
}

const HOOK_ID = /^\w[\w.-]*$/;

function preCommit(
  prefix: string[],
  args: string[],
  stepLines: readonly string[],
  hooks: Record<string, string | null> | undefined,
): { command: string[]; hooks: string[] } | null {
  if (args[0] !== 'run') return null;
  const kept = drop(args.slice(1), ['--show-diff-on-failure', '--color=always', '--color=never']);
  // A hook named in the command stays; else the hooks that rewrote files, one run each.
  // Hook ids come from the log, which any test can print into: only plain ids the config defines.
  const named = kept[0] && !kept[0].startsWith('-') ? [] : modifyingHooks(stepLines).filter((h) => HOOK_ID.test(h) && (!hooks || h in hooks));
  const cmd =
    named.length > 0
      ? named.map((h) => [...prefix, 'pre-commit', 'run', h, ...kept].join(' ')).join(' ; ')
      : [...prefix, 'pre-commit', 'run', ...kept].join(' ');
  return { command: [cmd], hooks: named };
}

/** A package.json script finds the project's binaries first, then PATH's: as `npm run` runs it. */
const npx = (command: string) => (/^(npx|pnpm|yarn|bunx?)\s/.test(command) ? command : `PATH="$PWD/node_modules/.bin:$PATH" ${command}`);

/** Splits a step's script into simple commands (lines, `&&`, `||`, `;`), left as written. */
function simpleCommands(script: string): string[] {
  return script
    .split(/\n|&&|\|\||;/)
    .map((c) => c.trim())
    .filter((c) => c && !c.startsWith('#'));
}

export interface PlanInput {
  /** The failing command, as the step ran it. */
  command: string;
  /** The failure's errors (their files narrow the fix to what the log named). */
  errors: readonly ErrorLocation[];
  /** The failed step's log lines (pre-commit's report names the hooks that rewrote files). */
  stepLines: readonly string[];
  /** The checkout's package.json scripts: `npm run lint` is what the script says. */
  scripts: Record<string, string>;
  /** The hooks .pre-commit-config.yaml defines: id → the revision its repository is pinned at (null: a local hook). */
  hooks?: Record<string, string | null>;
}

/** The fix-mode commands for the formatters and fixable linters the failing command ran; [] when none. */
export function planFixes(input: PlanInput, depth = 0): FixPlan[] {
  const plans: FixPlan[] = [];
  // A `cd` earlier in the script is where the tool ran: its fix runs there too.
  const cds: string[] = [];
  const inDir = (command: string) => (cds.length ? `${cds.join(' && ')} && ${command}` : command);
  for (const check of simpleCommands(input.command)) {
    if (/^(cd|pushd)\s/.test(check)) {
      cds.push(check.replace(/^pushd/, 'cd'));
      continue;
    }
    // `$(gofmt -l .)` and friends: the command inside the substitution.
    const w = words(/\$\(([^)]*)\)/.exec(check)?.[1] ?? check);
    const at = w.findIndex((x) => !LAUNCHER.test(unquote(x)));
    if (at < 0) continue;
    const prefix = w.slice(0, at);
    const [toolWord = '', ...args] = w.slice(at);
    // npm run lint, yarn lint, pnpm lint: the script's own commands, with the project's binaries.
    const script = /^(npm|pnpm|yarn|bun)$/.test(base(prefix[0] ?? '')) ? (prefix.includes('run') || prefix[0] !== 'npm' ? toolWord : null) : null;
    if (script && depth < 2 && input.scripts[script]) {
      for (const p of planFixes({ ...input, command: input.scripts[script] as string }, depth + 1))
        plans.push({ ...p, check, command: inDir(npx(p.command)), versionCommand: inDir(npx(p.versionCommand)) });
      continue;
    }
    if (base(toolWord) === 'pre-commit') {
      const p = preCommit(prefix, args, input.stepLines, input.hooks);
      if (p)
        plans.push({
          tool: 'pre-commit',
          check,
          command: inDir(p.command[0] as string),
          versionCommand: inDir([...prefix, 'pre-commit', '--version'].join(' ')),
          hooks: p.hooks.map((h) => (input.hooks?.[h] ? `${h} ${input.hooks[h]}` : h)),
        });
      continue;
    }
    const tw = [toolWord, ...args];
    const rule = RULES.find((r) => r.match(tw));
    if (!rule) continue;
    const files = [...new Set(input.errors.filter((e) => e.file && toolOf(e) === rule.tool).map((e) => e.file as string))];
    const fixed = rule.fix(args, files);
    if (!fixed) continue;
    // Files named in the log are relative to the repository: narrowing to them only holds at its root.
    const fixedArgs = cds.length ? (rule.fix(args, []) ?? fixed) : fixed;
    plans.push({
      tool: rule.tool,
      check,
      command: inDir([...prefix, toolWord, ...fixedArgs].join(' ')),
      versionCommand: inDir([...prefix, toolWord, '--version'].join(' ')),
    });
  }
  return plans;
}

/** The rule an extracted error belongs to (the extractors' tool names). */
function toolOf(e: ErrorLocation): string {
  return e.tool === 'ruff-format' ? 'ruff format' : e.tool;
}
