import { appendFileSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { loadTemplate } from './adapters/fs/files.js';
import { GitWorkspace } from './adapters/git/workspace.js';
import { createOctokit } from './adapters/github/octokit.js';
import { GitHubPublisher } from './adapters/github/publisher.js';
import { GitHubRunSource } from './adapters/github/run-source.js';
import { coreLogger, infoVerbatim } from './adapters/logger.js';
import { OpenAIModel } from './adapters/model/openai-model.js';
import { autofix } from './autofix.js';
import { type Config, readConfig } from './config.js';
import { recordRun } from './metrics/database.js';
import { runRowOf } from './metrics/run-row.js';
import { renderSummary } from './report/render-summary.js';
import { type RunRequest, resolveRunRequest } from './trigger/resolve-run.js';
import type { Outcome } from './types.js';
import { UserError } from './user-error.js';
import { VERSION } from './version.js';

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new UserError(`Environment variable ${name} is not set: run ci-autofix as a step of a GitHub Actions job.`);
  return v;
}

function setOutputs(outcome: Outcome): void {
  const m = outcome.metrics;
  core.setOutput('status', outcome.status);
  core.setOutput('reason', outcome.reason);
  core.setOutput('pr-url', outcome.pullRequest?.url ?? '');
  core.setOutput('pr-number', outcome.pullRequest ? String(outcome.pullRequest.number) : '');
  core.setOutput('branch', outcome.pullRequest?.branch ?? '');
  core.setOutput('attempts', String(m.attempts));
  core.setOutput('tokens', String(m.tokens));
  core.setOutput('cost-usd', m.costUsd.toFixed(6));
  core.setOutput('category', m.category ?? '');
  core.setOutput('signature', m.signature ?? '');
  core.setOutput('patch', outcome.patch ?? '');
  core.setOutput('metrics', JSON.stringify(m));
}

/** The password in a connection string, decoded as the driver reads it: masked on its own too. */
function databasePassword(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}

/** The run's row in the metrics database; a warning (returned too, for the summary) when it could not be written. */
async function writeMetrics(url: string, outcome: Outcome, request: RunRequest | undefined, startedAt: Date): Promise<string | null> {
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const row = runRowOf(outcome, request, { repository, startedAt, finishedAt: new Date(), version: VERSION });
  if (!row) {
    core.info('Metrics database: nothing recorded, as no failed run was named.');
    return null;
  }
  const warning = await core.group('Metrics database', async () => {
    const w = await recordRun(url, row);
    if (!w) core.info(`Recorded run ${row.runId} (attempt ${row.runAttempt}) of ${row.repository} in autofix_runs.`);
    return w;
  });
  if (warning) core.warning(warning);
  return warning;
}

/** The action: read inputs once, build the adapters, run the pipeline, write outputs and summary. */
export async function run(): Promise<void> {
  core.info(`ci-autofix ${VERSION}`);
  const startedAt = new Date();
  let outcome: Outcome;
  let config: Config | undefined;
  let request: RunRequest | undefined;
  try {
    config = readConfig((name) => core.getInput(name));
    if (config.githubToken) core.setSecret(config.githubToken);
    if (config.apiKey) core.setSecret(config.apiKey);
    if (config.metricsDatabaseUrl) {
      core.setSecret(config.metricsDatabaseUrl);
      const password = databasePassword(config.metricsDatabaseUrl);
      if (password) core.setSecret(password);
    }
    const eventName = requiredEnv('GITHUB_EVENT_NAME');
    const eventPath = process.env.GITHUB_EVENT_PATH;
    const payload = eventPath ? (JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>) : {};
    request = resolveRunRequest(eventName, payload, config.runId);
    const [owner, repo] = requiredEnv('GITHUB_REPOSITORY').split('/') as [string, string];
    if (!config.githubToken)
      throw new UserError(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
        'Input `github-token` is empty: leave it at its default `${{ github.token }}` or pass a token with contents, pull-requests and actions access.',
      );
    const root = requiredEnv('GITHUB_WORKSPACE');
    const octokit = createOctokit(config.githubToken, { log: (m) => core.warning(m) });
    const workspace = new GitWorkspace(root, [config.githubToken, config.apiKey]);
    const source = new GitHubRunSource(octokit, owner, repo, { log: (m) => infoVerbatim(m) });
    const model = new OpenAIModel({ apiKey: config.apiKey || config.githubToken, baseUrl: config.baseUrl, model: config.model });
    const template = loadTemplate(config.promptTemplate, root);
    const publisher = config.dryRun
      ? null
      : new GitHubPublisher(octokit, workspace.git, {
          owner,
          repo,
          token: config.githubToken,
          authorName: config.authorName,
          authorEmail: config.authorEmail,
        });
    outcome = await autofix(config, request, { source, model, workspace, publisher, logger: coreLogger, template, runnerWorkspace: root });
    for (const w of publisher?.warnings ?? []) core.warning(w);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof UserError)) core.debug((error as Error).stack ?? message);
    outcome = {
      status: 'error',
      reason: message,
      attempts: [],
      notes: [],
      metrics: { status: 'error', category: null, signature: null, attempts: 0, timeToFixMs: null, tokens: 0, costUsd: 0, model: '', fixer: null },
    };
  }
  setOutputs(outcome);
  const metricsFile = config?.metricsFile;
  if (metricsFile) {
    try {
      const record = { ...outcome.metrics, repository: process.env.GITHUB_REPOSITORY ?? '', runId: outcome.run?.runId ?? null, at: new Date().toISOString() };
      appendFileSync(metricsFile, `${JSON.stringify(record)}\n`);
    } catch (error) {
      core.warning(`Could not append the metrics record to ${metricsFile}: ${(error as Error).message}`);
    }
  }
  const metricsWarning = config?.metricsDatabaseUrl ? await writeMetrics(config.metricsDatabaseUrl, outcome, request, startedAt) : null;
  try {
    const summary = renderSummary(outcome, VERSION);
    await core.summary.addRaw(metricsWarning ? `${summary}\n> [!WARNING]\n> ${metricsWarning}\n` : summary).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
  if (outcome.status === 'error') core.setFailed(outcome.reason);
  else core.info(`ci-autofix finished: ${outcome.status}`);
}
