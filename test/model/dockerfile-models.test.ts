import * as assert from 'node:assert/strict';
import { DockerfileModels, lint, type Finding } from '../../rules';
import { memoryWorkspace } from '../helpers/memory-workspace';

const summary = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.fixes?.map((fix) => fix.title).join(' | ') ?? ''}`);

describe('kept Dockerfile models', () => {
  it('gives the same model for the same text at a location, and parses a changed text anew', () => {
    const models = new DockerfileModels();
    const first = models.parse('file:///p/Dockerfile', 'FROM alpine:3.20\n');
    assert.equal(models.parse('file:///p/Dockerfile', 'FROM alpine:3.20\n'), first);
    const changed = models.parse('file:///p/Dockerfile', 'FROM alpine:3.21\n');
    assert.notEqual(changed, first);
    assert.equal(changed.stages[0].base?.text, 'alpine:3.21');
    assert.notEqual(models.parse('file:///q/Dockerfile', 'FROM alpine:3.21\n'), changed, 'another location has its own model');
  });

  it('keeps at most maxModels models and maxCharacters of text, dropping the least recently used', () => {
    const models = new DockerfileModels(2, 100);
    const a = models.parse('a', 'FROM a\n');
    models.parse('b', 'FROM b\n');
    assert.equal(models.parse('a', 'FROM a\n'), a, 'using a makes b the oldest');
    models.parse('c', 'FROM c\n');
    assert.equal(models.size, 2);
    assert.equal(models.parse('a', 'FROM a\n'), a);
    const big = `FROM big\n${'# comment\n'.repeat(20)}`;
    models.parse('big', big);
    assert.equal(models.size, 0, 'a text beyond the character budget is not kept, and pushes the others out');
    assert.notEqual(models.parse('a', 'FROM a\n'), a);
  });

  it('lints a Dockerfile alike with and without kept models, also after the Compose file that builds it changed', () => {
    const dockerfile = 'FROM node:20\nENV API_TOKEN=sk_live_51HcUZ2aB3cD4eF5gH6iJ7kL8\nRUN npm ci\n';
    const files: Record<string, string> = { 'file:///p/Dockerfile': dockerfile, 'file:///p/compose.yaml': 'services:\n  api:\n    build: .\n' };
    const models = new DockerfileModels();
    const lintBoth = () => {
      const options = { workspace: memoryWorkspace(files, 'file:///p/') };
      const fresh = lint({ uri: 'file:///p/Dockerfile', text: dockerfile }, options).findings;
      const kept = lint({ uri: 'file:///p/Dockerfile', text: dockerfile }, { ...options, dockerfileModels: models }).findings;
      assert.deepEqual(summary(kept), summary(fresh));
      return summary(kept);
    };
    const withCompose = lintBoth();
    assert.ok(withCompose.some((line) => line.startsWith('secret-in-env') && line.includes('compose.yaml')), 'the Compose route is offered');
    files['file:///p/compose.yaml'] = 'services:\n  api:\n    image: node:20\n';
    const withoutBuild = lintBoth();
    assert.ok(!withoutBuild.some((line) => line.startsWith('secret-in-env') && line.includes('compose.yaml')), 'no service builds it any more');
  });

  it('a Compose file reads the Dockerfile it builds through the kept models', () => {
    const files: Record<string, string> = { 'file:///p/Dockerfile': 'FROM node:20\nUSER node\n', 'file:///p/compose.yaml': 'services:\n  api:\n    build: .\n' };
    const models = new DockerfileModels();
    const rootUser = () =>
      lint({ uri: 'file:///p/compose.yaml', text: files['file:///p/compose.yaml'] }, { workspace: memoryWorkspace(files, 'file:///p/'), dockerfileModels: models }).findings.filter((f) => f.ruleId === 'root-user');
    assert.deepEqual(rootUser(), []);
    assert.equal(models.size, 1);
    files['file:///p/Dockerfile'] = 'FROM node:20\n';
    assert.equal(rootUser().length, 1, 'the changed Dockerfile is parsed anew');
  });
});
