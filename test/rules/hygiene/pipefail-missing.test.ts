import * as assert from 'node:assert/strict';
import { applyFixes, lint } from '../../../rules';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester('pipefail-missing', {
  valid: [
    'FROM debian\nRUN curl -fsSL https://x -o /tmp/x && tar -xzf /tmp/x',
    'FROM debian\nRUN set -o pipefail && curl -fsSL https://x | tar -xz',
    'FROM debian\nRUN set -euxo pipefail; \\\n  curl -fsSL https://x | tar -xz',
    'FROM debian\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x | tar -xz',
    'FROM debian AS base\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nFROM base\nRUN a | b',
    'FROM debian\nRUN ["/bin/bash", "./some_output", "|", "./some_script"]',
    'FROM debian\nRUN echo "a | b" && grep -E "x|y" f',
    'FROM debian\nRUN bash -o pipefail -c "curl -fsSL https://x | tar -xz"',
    'FROM mcr.microsoft.com/windows/servercore\nSHELL ["powershell", "-Command"]\nRUN Get-Content x | Out-File y',
    'FROM debian\nRUN a || b',
    'FROM debian\nRUN <<EOF\nset -o pipefail\na | b\nEOF',
  ],
  invalid: [
    { code: 'FROM debian\nRUN curl -fsSL https://x | tar -xz', errors: [{ line: 2, column: 26, endColumn: 27, message: 'if curl fails', severity: 'info' }] },
    { code: 'FROM node:12\nRUN zsh ./some_output | ./some_script', name: 'the KICS positive', errors: [{ line: 2, column: 23 }] },
    { code: 'FROM debian\nRUN a | b && set -o pipefail && c | d', name: 'set after the pipe', errors: [{ line: 2, column: 7 }] },
    { code: 'FROM debian\nRUN set -o pipefail\nRUN a | b', name: 'set in an earlier RUN', errors: [{ line: 3, column: 7 }] },
    { code: 'FROM debian\nRUN set -o pipefail && sh -c "a | b"', name: 'a new shell does not inherit the option', errors: [{ line: 2, column: 33 }] },
    { code: 'FROM debian\nRUN <<EOF\nset -e\na | b\nEOF', name: 'heredoc script', errors: [{ line: 4, column: 3 }] },
    { code: 'FROM debian\nRUN a | b; c | d', name: 'one finding per RUN', errors: [{ line: 2, column: 7 }] },
  ],
});

describe('pipefail-missing fix', () => {
  const findingOf = (text: string) => lint({ uri: 'Dockerfile', text }).findings.find((f) => f.ruleId === 'pipefail-missing');
  const fixOf = (text: string) => findingOf(text)?.fixes?.[0];

  it('prefixes "set -o pipefail &&" when the SHELL is bash', () => {
    const text = 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN --mount=type=cache,target=/x curl -fsSL https://x | tar -xz\n';
    const fix = fixOf(text);
    assert.equal(fix?.safe, false);
    assert.equal(applyFixes(text, [findingOf(text)!], { unsafe: true }).text, 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN --mount=type=cache,target=/x set -o pipefail && curl -fsSL https://x | tar -xz\n');
  });

  it('offers none for /bin/sh', () => {
    assert.equal(fixOf('FROM debian\nRUN a | b\n'), undefined);
  });
});
