import * as assert from 'node:assert/strict';
import { DiagnosticSeverity as Severity, MessageType } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, differInSeveritiesOnly, readSettings } from '../../server/settings';
import { assertDiagnostics, DOCKERFILE, range } from './fixtures';
import { LspTestClient } from './lsp-client';

describe('language server: rule severity settings', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0, rules: { 'root-user': 'info', 'image-untagged': 'off' } } }));
  });
  after(() => client.dispose());

  const uri = 'file:///project/settings/Dockerfile';

  it('applies the severities of initializationOptions.rules', async () => {
    await client.open(uri, 'dockerfile', DOCKERFILE);
    assertDiagnostics((await client.waitForDiagnostics(uri)).diagnostics, [
      { code: 'root-user', severity: Severity.Information, range: range(0, 0, 0, 11) },
      { code: 'secret-in-env', severity: Severity.Error, range: range(1, 4, 1, 33) },
    ]);
  });

  it('re-lints open documents with the severities of a configuration change', async () => {
    const beforeChange = client.published.length;
    await client.configure({ rules: { 'secret-in-env': 'warning' } });
    const { version, diagnostics } = await client.waitForDiagnostics(uri, { since: beforeChange });
    assert.equal(version, 1);
    assertDiagnostics(diagnostics, [
      { code: 'root-user', severity: Severity.Warning, range: range(0, 0, 0, 11) },
      { code: 'image-untagged', severity: Severity.Warning, range: range(0, 5, 0, 11) },
      { code: 'secret-in-env', severity: Severity.Warning, range: range(1, 4, 1, 33) },
    ]);
  });

  it('does not re-lint for a configuration change that leaves the severities as they are', async () => {
    const beforeChange = client.published.length;
    await client.configure({ rules: { 'secret-in-env': 'warning' }, debounceMs: 0 });
    // A document opened afterwards is linted after the change was handled.
    const laterUri = 'file:///project/settings-later/Dockerfile';
    await client.open(laterUri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(laterUri);
    assert.deepEqual(client.published.slice(beforeChange).map((params) => params.uri), [laterUri]);
  });

  it('logs a warning for an invalid setting and applies the valid ones', async () => {
    const beforeChange = client.published.length;
    await client.configure({ rules: { 'secret-in-env': 'loud', 'root-user': 'error' } });
    assertDiagnostics((await client.waitForDiagnostics(uri, { since: beforeChange })).diagnostics, [
      { code: 'root-user', severity: Severity.Error, range: range(0, 0, 0, 11) },
      { code: 'image-untagged', severity: Severity.Warning, range: range(0, 5, 0, 11) },
      { code: 'secret-in-env', severity: Severity.Error, range: range(1, 4, 1, 33) },
    ]);
    const warnings = client.logMessages.filter(({ type }) => type === MessageType.Warning).map(({ message }) => message);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /secret-in-env.*"loud"/);
  });
});

describe('readSettings', () => {
  it('reads rules and debounceMs', () => {
    const { settings, problems } = readSettings(DEFAULT_SETTINGS, { rules: { 'root-user': 'error', 'image-latest-tag': 'off' }, debounceMs: 0 });
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, rules: { 'root-user': 'error', 'image-latest-tag': 'off' }, debounceMs: 0 });
    assert.deepEqual(problems, []);
  });

  it('reads enable, run, profile, ignore, trustedRegistries, online and the workspace trust', () => {
    const raw = {
      enable: false,
      run: 'onSave',
      profile: 'strict',
      ignore: ['vendor/'],
      trustedRegistries: ['ghcr.io/acme'],
      online: { registry: true, insecureRegistries: ['registry.local:5000'], registryMap: { 'docker.io': 'https://mirror.example.com' } },
      trust: { keys: [{ scope: 'ghcr.io/acme/**', key: 'keys/acme.pub', name: 'acme' }] },
      workspaceTrusted: false,
    };
    const { settings, problems } = readSettings(DEFAULT_SETTINGS, raw);
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, ...raw });
    assert.deepEqual(problems, []);
  });

  it('says which of those is invalid and keeps its value', () => {
    const { settings, problems } = readSettings(DEFAULT_SETTINGS, { enable: 'no', run: 'always', profile: 'paranoid', ignore: 'vendor', trustedRegistries: [1], online: { registry: 'yes' }, trust: { keys: [{ scope: 'x' }] } });
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(
      problems.map((problem) => problem.split(' ')[0]),
      ['enable', 'run', 'profile', 'ignore', 'trustedRegistries', 'online', 'trust'],
    );
    const mapped = readSettings(DEFAULT_SETTINGS, { online: { registry: true, registryMap: { 'docker.io': 'ftp://mirror' } } });
    assert.deepEqual([mapped.settings.online, mapped.problems.length], [DEFAULT_SETTINGS.online, 1]);
  });

  it('keeps the current value of a field that is absent', () => {
    const current = { ...DEFAULT_SETTINGS, rules: { 'root-user': 'info' as const }, debounceMs: 50 };
    assert.deepEqual(readSettings(current, { rules: {} }).settings, { ...current, rules: {} });
    assert.deepEqual(readSettings(current, undefined), { settings: current, problems: [] });
    assert.deepEqual(readSettings(current, null), { settings: current, problems: [] });
  });

  it('ignores invalid values and says which', () => {
    const { settings, problems } = readSettings(DEFAULT_SETTINGS, { rules: { 'root-user': 'loud', 'image-untagged': 'off' }, debounceMs: -1 });
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, rules: { 'image-untagged': 'off' } });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /root-user.*"loud"/);
    assert.match(problems[1], /debounceMs is -1/);
  });

  it('ignores settings that are not objects', () => {
    assert.equal(readSettings(DEFAULT_SETTINGS, 'fast').settings, DEFAULT_SETTINGS);
    assert.equal(readSettings(DEFAULT_SETTINGS, { rules: ['root-user'] }).settings.rules, DEFAULT_SETTINGS.rules);
    assert.equal(readSettings(DEFAULT_SETTINGS, { debounceMs: '100' }).settings.debounceMs, DEFAULT_SETTINGS.debounceMs);
    assert.equal(readSettings(DEFAULT_SETTINGS, { trustedRegistries: 'ghcr.io' }).settings.trustedRegistries, DEFAULT_SETTINGS.trustedRegistries);
    assert.equal(readSettings(DEFAULT_SETTINGS, { trustedRegistries: ['ghcr.io', ''] }).problems.length, 1);
  });
});

describe('language server: trusted registries setting', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });
  after(() => client.dispose());

  it('reports images from other registries once trustedRegistries is set, re-linting open documents', async () => {
    const uri = 'file:///project/registries/Dockerfile';
    const untrusted = (diagnostics: Array<{ code?: unknown; range: unknown }>) => diagnostics.filter((d) => d.code === 'image-untrusted-registry').map((d) => d.range);
    await client.open(uri, 'dockerfile', 'FROM quay.io/example/app:1.0\nUSER 10001\n');
    assert.deepEqual(untrusted((await client.waitForDiagnostics(uri)).diagnostics), []);
    const beforeChange = client.published.length;
    await client.configure({ trustedRegistries: ['ghcr.io/myorg'] });
    assert.deepEqual(untrusted((await client.waitForDiagnostics(uri, { since: beforeChange })).diagnostics), [range(0, 5, 0, 28)]);
  });
});

describe('a change of severities only', () => {
  const withRules = (rules: Record<string, 'off' | 'info' | 'warning' | 'error'>) => ({ ...DEFAULT_SETTINGS, rules });

  it('is told from a change that turns a rule on or off, or changes anything else', () => {
    assert.ok(differInSeveritiesOnly(withRules({ 'root-user': 'warning' }), withRules({ 'root-user': 'info' })));
    assert.ok(!differInSeveritiesOnly(withRules({}), withRules({ 'memory-limit-missing': 'warning' })), 'a rule named for the first time (the profile may leave it out)');
    assert.ok(differInSeveritiesOnly(withRules({ 'root-user': 'error', 'image-untagged': 'off' }), withRules({ 'image-untagged': 'off', 'root-user': 'info' })));
    assert.ok(!differInSeveritiesOnly(withRules({}), withRules({ 'root-user': 'off' })), 'a rule turned off');
    assert.ok(!differInSeveritiesOnly(withRules({ 'root-user': 'off' }), withRules({ 'root-user': 'info' })), 'a rule turned on');
    assert.ok(!differInSeveritiesOnly(withRules({}), { ...withRules({}), ignore: ['vendor/'] }), 'another setting');
    assert.ok(differInSeveritiesOnly({ rules: {} }, {}), 'a project file that gains an empty rules section');
  });
});
