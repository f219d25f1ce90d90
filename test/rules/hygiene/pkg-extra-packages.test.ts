import * as assert from 'node:assert/strict';
import { applyFixes, lint } from '../../../rules';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester('pkg-extra-packages', {
  valid: [
    'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
    'FROM debian\nRUN apt-get --no-install-recommends install apt-utils',
    'FROM debian\nRUN ["apt-get", "apt::install-recommends=false", "install", "apt-utils"]',
    'FROM debian\nRUN apt-get -o APT::Install-Recommends=false install -y x',
    'FROM debian\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl',
    'FROM debian\nRUN apt-get update && apt-get remove -y x',
    'FROM alpine\nRUN apk add curl',
    'FROM debian\nRUN echo "apt-get install x"',
  ],
  invalid: [
    { code: 'FROM node:12\nRUN apt-get install apt-utils', errors: [{ line: 2, column: 5, endColumn: 20, message: '--no-install-recommends' }] },
    { code: 'FROM node:12\nRUN ["apt-get", "install", "apt-utils"]', errors: [{ line: 2, column: 6, endColumn: 26 }] },
    { code: 'FROM debian\nRUN apt-get update && \\\n    DEBIAN_FRONTEND=noninteractive apt install -y curl', errors: [{ line: 3, column: 36, endColumn: 47 }] },
    {
      name: 'only the installs after the configuration that turns recommends off are left alone',
      code: 'FROM debian\nRUN apt-get install -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y git',
      errors: [{ line: 2, column: 5, endColumn: 20 }],
    },
  ],
});

describe('pkg-extra-packages fix', () => {
  it('adds --no-install-recommends after install', () => {
    const text = 'FROM debian\nRUN apt-get update && apt-get install -y curl\n';
    const finding = lint({ uri: 'Dockerfile', text }).findings.find((f) => f.ruleId === 'pkg-extra-packages')!;
    assert.equal(finding.fixes?.[0].safe, false);
    assert.equal(applyFixes(text, [finding], { unsafe: true }).text, 'FROM debian\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n');
  });
});
