import type { CommandRun } from './commands/args.js';
import { UsageError } from './commands/args.js';
import { UserError } from './user-error.js';
import { VERSION } from './version.js';

interface Command {
  /** The command's usage lines, printed by `--help` and after a usage error. */
  usage: string;
  /**
   * Each command loads its module when it runs: the bundle holds them all, but evaluating every
   * one (the model client, Octokit, the schema validator…) cost every start 0.2 s that `extract`
   * never used. webpackMode "eager" keeps them in the one bundle file.
   */
  load: () => Promise<{ run: CommandRun }>;
}

const COMMANDS: Record<string, Command> = {
  extract: {
    usage:
      "ci-autofix extract --log <file|-> [--pass-log <file>] [--json]\n  the failure read from a job log: category, root errors, failing command; --pass-log: the same job's last passing log, whose lines rank low",
    load: () => import(/* webpackMode: "eager" */ './commands/extract.js'),
  },
  context: {
    usage:
      'ci-autofix context --log <file> --repo <dir> [--json] [--max-tokens N] [--since <ref>]\n  the code the model would be shown for that failure; --since: the last commit CI passed on, whose diff joins it',
    load: () => import(/* webpackMode: "eager" */ './commands/context.js'),
  },
  apply: {
    usage:
      'ci-autofix apply --patch <file|-> --repo <dir> [--check] [--json] [--max-changed-lines N]\n  a patch through repair, the guard and git apply; --check leaves the tree as it is',
    load: () => import(/* webpackMode: "eager" */ './commands/apply.js'),
  },
  fix: {
    usage:
      'ci-autofix fix --log <file> --repo <dir> [--test-cmd <cmd>] [--model <m>] [--base-url <url>] [--max-attempts N]\n               [--max-changed-lines N] [--since <ref>] [--dry-run] [--verbose]\n  the whole autofix on a checkout; the verified patch is left uncommitted (key: CI_AUTOFIX_API_KEY, OPENAI_API_KEY or GITHUB_TOKEN)',
    load: () => import(/* webpackMode: "eager" */ './commands/fix.js'),
  },
  demo: {
    usage: 'ci-autofix demo\n  the bundled action against a local sandbox: no network, no key',
    load: () => import(/* webpackMode: "eager" */ './commands/demo.js'),
  },
  report: {
    usage:
      'ci-autofix report --repo <owner/name> [--label ci/autofix] [--json] [--api-url <url>] [--database-url <url>] [--html <file>]\n  what reviewers did with the autofix PRs (GITHUB_TOKEN; GITHUB_API_URL or --api-url); --database-url: their fates into autofix_prs;\n  --html: the dashboard as one HTML file (without --repo: every repository in the database)',
    load: () => import(/* webpackMode: "eager" */ './commands/report.js'),
  },
  'superset-bundle': {
    usage:
      'ci-autofix superset-bundle --out <file.zip|dir> [--database-uri <postgresql://…>]\n  the Superset dashboard on the metrics views, as the bundle `superset import-dashboards` reads',
    load: () => import(/* webpackMode: "eager" */ './commands/superset-bundle.js'),
  },
  'score-logs': {
    usage:
      'ci-autofix score-logs <dir>... [--misses] [--json] [--no-pass-log]\n  the extractor against labelled logs, per data set: error labels (recall, precision@10, category), line ranges (hit@1, hit@3), BugSwarm (test vs not, localisation@5)',
    load: () => import(/* webpackMode: "eager" */ './commands/score-logs.js'),
  },
  'score-context': {
    usage: "ci-autofix score-context [--max-tokens N]\n  how often `context` holds the lines of the eval cases' fixes",
    load: () => import(/* webpackMode: "eager" */ './commands/score-context.js'),
  },
  eval: {
    usage:
      'ci-autofix eval [--provider replay|openai] [--model m] [--case id] [--jobs N] [--shard i/n] [--gate] ...\n  the eval cases through the bundled action (ci-autofix eval --help for every option)',
    load: () => import(/* webpackMode: "eager" */ './commands/eval.js'),
  },
};

const USAGE = `ci-autofix ${VERSION}: turn a red CI run into a verified fix

usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.split('\n')[0]}`)
  .join('\n')}
  ci-autofix help [command]

exit status: 0 success, 1 no fix or refused (reason on stderr), 2 bad usage or unreadable input`;

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

/** The CLI without the process: arguments in, exit status out. Throws UsageError and UserError. */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    err(`${USAGE}\n`);
    return 2;
  }
  if (name === '--version') {
    out(`${VERSION}\n`);
    return 0;
  }
  if (isHelp(name)) {
    const topic = rest[0] ? COMMANDS[rest[0]] : undefined;
    if (rest[0] && !topic) throw new UsageError(`unknown command \`${rest[0]}\``);
    out(`${topic ? `usage: ${topic.usage}` : USAGE}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command \`${name}\``);
  // `eval` documents its many options itself.
  if (name !== 'eval' && rest.some((a) => a === '--help' || a === '-h')) {
    out(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await (await command.load()).run(rest, { out, err });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // Node's advice about positionals after `--` does not apply to any of our commands.
      throw new CommandUsageError(name, (error as Error).message.split('. To specify a positional')[0] ?? '');
    }
    if (error instanceof UsageError && !(error instanceof CommandUsageError)) throw new CommandUsageError(name, error.message);
    throw error;
  }
}

/** A usage error inside a command: printed with that command's usage, not the whole list. */
class CommandUsageError extends UsageError {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

/** The CLI entry: one catch, exit 1 for what failed, 2 for bad usage. */
export async function cli(): Promise<void> {
  let code: number;
  try {
    code = await main(
      process.argv.slice(2),
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
    );
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = error instanceof CommandUsageError ? `usage: ${COMMANDS[error.command]?.usage}` : USAGE;
      process.stderr.write(`ci-autofix: ${error.message}\n\n${usage}\n`);
      code = 2;
    } else if (error instanceof UserError) {
      process.stderr.write(`ci-autofix: ${error.message}\n`);
      code = 1;
    } else {
      process.stderr.write(`ci-autofix: unexpected error: ${(error as Error).stack ?? error}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
}
