/**
 * The GitHub Action (action.yml): its inputs, and its scan step's script run as the runner runs it
 * (bash, the inputs in the environment, GITHUB_OUTPUT a file) on a temporary project.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseSarif, REPO_ROOT, sarifSchemaErrors } from '../cli/helpers';

interface Step {
  id?: string;
  name: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
const TOKEN = `ghp_${'PLANTEDplanted0123'.repeat(2)}`;

describe('the GitHub Action', () => {
  let project: string;
  before(() => {
    project = mkdtempSync(path.join(tmpdir(), 'bulwark-action-'));
    writeFileSync(path.join(project, 'Dockerfile'), `FROM alpine:3.20\nENV API_TOKEN=${TOKEN}\nUSER 10001\nHEALTHCHECK NONE\n`);
    writeFileSync(path.join(project, '-odd.Dockerfile'), 'FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n');
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  /** Runs the scan step with these inputs (the others at their defaults); returns its output and GITHUB_OUTPUT. */
  function scanStep(inputs: Record<string, string>) {
    const step = ACTION.runs.steps.find((candidate) => candidate.id === 'scan');
    assert.ok(step?.run && step.env);
    const values = Object.fromEntries(Object.entries(ACTION.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']));
    const env = Object.fromEntries(
      Object.entries(step.env).map(([name, expression]) => {
        const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(expression)?.[1];
        assert.ok(input && input in values, `${name}: ${expression}`);
        return [name, values[input]];
      }),
    );
    const outputFile = path.join(project, `github-output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(outputFile, '');
    const result = spawnSync('bash', ['-e', '-c', step.run], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env, GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_OUTPUT: outputFile } });
    const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    rmSync(outputFile);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
  }

  it('has the inputs paths, format, fail-level, profile, baseline and upload-sarif', () => {
    assert.equal(ACTION.runs.using, 'composite');
    for (const name of ['paths', 'format', 'fail-level', 'profile', 'baseline', 'upload-sarif']) assert.ok(ACTION.inputs[name]?.description, name);
  });

  it('never pastes an input into a script: they reach it through the environment', () => {
    for (const step of ACTION.runs.steps) assert.doesNotMatch(step.run ?? '', /\$\{\{/, step.name);
  });

  it('uploads the SARIF report with github/codeql-action/upload-sarif when asked', () => {
    const upload = ACTION.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload);
    assert.match(upload.if ?? '', /inputs\.upload-sarif == 'true'/);
    assert.equal(upload.with?.sarif_file, '${{ steps.scan.outputs.sarif-file }}');
  });

  it('annotates the findings and records the exit code, which the last step fails on', () => {
    const run = scanStep({});
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^::error file=Dockerfile,line=2,col=5,.*title=secret-in-env::/m);
    assert.ok(!run.stdout.includes(TOKEN));
    assert.deepEqual(run.outputs, { 'exit-code': '1' });
    const fail = ACTION.runs.steps[ACTION.runs.steps.length - 1];
    assert.equal(fail.if, "steps.scan.outputs.exit-code != '0'");
  });

  it('passes paths as paths, even one that starts with a dash, and the fail level', () => {
    const run = scanStep({ paths: '-odd.Dockerfile\n  Dockerfile', format: 'json', 'fail-level': 'never' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { files: Array<{ path: string }> }).files.map((file) => file.path), ['-odd.Dockerfile', 'Dockerfile']);
    assert.deepEqual(run.outputs, { 'exit-code': '0' });
    const clean = scanStep({ paths: 'Dockerfile', 'fail-level': 'never', format: 'text' });
    assert.deepEqual(clean.outputs, { 'exit-code': '0' });
  });

  it('writes a valid SARIF report to upload, and honours a baseline', () => {
    const sarif = scanStep({ 'upload-sarif': 'true', 'sarif-file': 'reports/bulwark.sarif' });
    assert.equal(sarif.outputs['sarif-file'], 'reports/bulwark.sarif');
    assert.equal(sarif.outputs['exit-code'], '1');
    const log = parseSarif(readFileSync(path.join(project, 'reports', 'bulwark.sarif'), 'utf8'));
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.ok(log.runs[0].results?.some((result) => result.ruleId === 'secret-in-env'));

    const written = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'bulwark.js'), 'scan', '--write-baseline', 'bulwark-baseline.json', 'Dockerfile'], { cwd: project, encoding: 'utf8' });
    assert.equal(written.status, 0, written.stderr);
    const adopted = scanStep({ paths: 'Dockerfile', baseline: 'bulwark-baseline.json' });
    assert.deepEqual(adopted.outputs, { 'exit-code': '0' });
  });
});
