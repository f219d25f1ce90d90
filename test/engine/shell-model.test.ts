import * as assert from 'node:assert/strict';
import { lint } from '../../rules';
import { parseDockerfile } from '../../rules/model/dockerfile';
import { effectiveInvocation, invocations, rangeOf, runShells, wordSpan, type RunShell, type ShellCommand } from '../../rules/model/shell';

function runs(text: string): RunShell[] {
  return runShells(parseDockerfile(text));
}

/** The RUN's commands, one string each: nesting as leading dots, then the words' values joined by `|`. */
function summary(run: RunShell): string[] {
  const depth = (c: ShellCommand): number => (c.parent ? depth(c.parent) + 1 : 0);
  return run.commands.map((c) => `${'.'.repeat(depth(c))}${c.kind === 'simple' ? c.words.map((w) => w.value).join('|') : `(${c.kind})`}`);
}

/** Each word of each simple command as it stands in the document. */
function wordTexts(text: string, run: RunShell): string[][] {
  return run.commands.filter((c) => c.kind === 'simple').map((c) => c.words.map((w) => text.slice(w.start, w.end)));
}

describe('shell model', () => {
  it('splits && chains into commands with exact word ranges', () => {
    const text = 'FROM debian\nRUN apt-get update && apt-get install -y curl\n';
    const [run] = runs(text);
    assert.equal(run.form, 'shell');
    assert.deepEqual(summary(run), ['apt-get|update', 'apt-get|install|-y|curl']);
    assert.deepEqual(run.pipelines.map((p) => p.separator?.text), [undefined, '&&']);
    const curl = run.commands[1].words[3];
    assert.deepEqual(rangeOf(parseDockerfile(text), curl), { start: { line: 1, character: 41 }, end: { line: 1, character: 45 } });
  });

  it('joins line continuations and drops comment lines inside them', () => {
    const text = 'FROM debian\nRUN apt-get install -y \\\n    # the tools\n    git \\\n\n    curl && \\\n    rm -rf /x\n';
    const [run] = runs(text);
    assert.deepEqual(summary(run), ['apt-get|install|-y|git|curl', 'rm|-rf|/x']);
    assert.deepEqual(wordTexts(text, run)[0].slice(3), ['git', 'curl']);
    const model = parseDockerfile(text);
    assert.deepEqual(rangeOf(model, run.commands[1].words[0]).start, { line: 6, character: 4 });
  });

  it('keeps exact ranges in a CRLF document, across continuations and here-documents', () => {
    const text = 'FROM debian\r\nRUN apt-get update && \\\r\n    sudo curl -k https://x\r\nRUN <<EOF\r\nset -e\r\nsudo a\r\nEOF\r\n';
    const [chain, script] = runs(text);
    assert.deepEqual(wordTexts(text, chain), [['apt-get', 'update'], ['sudo', 'curl', '-k', 'https://x']]);
    assert.deepEqual(wordTexts(text, script), [['set', '-e'], ['sudo', 'a']]);
  });

  it('honours the escape directive: a backtick continues the line, a backslash is the shell\'s', () => {
    const text = '# escape=`\nFROM debian\nRUN echo a\\ b `\n  && sudo ls\n';
    const [run] = runs(text);
    assert.deepEqual(summary(run), ['echo|a b', 'sudo|ls']);
    assert.deepEqual(wordTexts(text, run), [['echo', 'a\\ b'], ['sudo', 'ls']]);
  });

  it('keeps a quoted string one word: no command, no flag inside it', () => {
    const text = 'FROM debian\nRUN echo "sudo x" \'curl -k\' && printf "%s" "a"\'b\'c\n';
    const [run] = runs(text);
    assert.deepEqual(summary(run), ['echo|sudo x|curl -k', 'printf|%s|abc']);
    assert.deepEqual(wordTexts(text, run)[0], ['echo', '"sudo x"', "'curl -k'"]);
    assert.ok(run.commands[0].words[1].quoted);
  });

  it('maps characters inside quoted words back to the document', () => {
    const text = 'FROM debian\nRUN curl "https://user:pa\\"ss@host"\n';
    const [run] = runs(text);
    const url = run.commands[0].words[1];
    assert.equal(url.value, 'https://user:pa"ss@host');
    const from = url.value.indexOf('pa');
    const span = wordSpan(url, from, from + 5);
    assert.equal(text.slice(span.start, span.end), 'pa\\"ss');
  });

  it('gives pipelines, their pipes and each command\'s position', () => {
    const text = 'FROM debian\nRUN curl -fsSL https://x | sudo bash -s -- -y || true\n';
    const [run] = runs(text);
    const [pipeline, alternative] = run.pipelines;
    assert.equal(pipeline.commands.length, 2);
    assert.deepEqual(pipeline.pipes.map((p) => text.slice(p.start, p.end)), ['|']);
    assert.equal(run.commands[1].pipelineIndex, 1);
    assert.equal(alternative.separator?.text, '||');
    assert.deepEqual(invocations(run.commands[1]).map((i) => i.program), ['sudo', 'bash']);
    assert.deepEqual(effectiveInvocation(run.commands[1])?.args.map((w) => w.value), ['-s', '--', '-y']);
  });

  it('parses subshells, groups, $(…), backquotes and process substitution as nested commands', () => {
    const [run] = runs('FROM debian\nRUN (cd /x && make) | { grep a; } ; echo $(id -u) `whoami` && bash <(curl -s https://x)\n');
    assert.deepEqual(summary(run), ['(subshell)', '.cd|/x', '.make', '(group)', '.grep|a', 'echo|$(id -u)|`whoami`', '.id|-u', '.whoami', 'bash|<(curl -s https://x)', '.curl|-s|https://x']);
  });

  it('parses the script of sh -c / bash -ec as nested commands, with document ranges', () => {
    const text = 'FROM debian\nRUN bash -ec "curl -k \\"$URL\\" | sh" && su -c x\n';
    const [run] = runs(text);
    assert.deepEqual(summary(run), ['bash|-ec|curl -k "$URL" | sh', '.curl|-k|$URL', '.sh', 'su|-c|x']);
    // A character the outer quoting escaped maps to itself, not to its backslash.
    assert.deepEqual(wordTexts(text, run)[1], ['curl', '-k', '"$URL\\"']);
  });

  it('reads assignments and redirections apart from the words', () => {
    const text = 'FROM debian\nRUN GIT_SSL_NO_VERIFY=1 git clone x 2>&1 > /log && cat <<< "$a" >> /b\n';
    const [run] = runs(text);
    const [git, cat] = run.commands;
    assert.deepEqual(git.assignments.map((a) => [a.name, a.word.value.slice(a.valueStart)]), [['GIT_SSL_NO_VERIFY', '1']]);
    assert.deepEqual(git.words.map((w) => w.value), ['git', 'clone', 'x']);
    assert.deepEqual(git.redirects.map((r) => [r.fd, r.operator, r.target?.value]), [['2', '>&', '1'], [undefined, '>', '/log']]);
    assert.deepEqual(cat.redirects.map((r) => [r.operator, r.target?.value]), [['<<<', '$a'], ['>>', '/b']]);
  });

  it('runs the body of RUN <<EOF as the script; other here-documents are data', () => {
    const text = 'FROM debian\nRUN <<EOF\nset -e\ncurl x | sh\ncat <<X > /etc/motd\nsudo is data\nX\nEOF\nRUN python3 <<EOF\nimport sudo\nEOF\nRUN bash <<EOF\nsudo ls\nEOF\n';
    const [script, python, bash] = runs(text);
    assert.equal(script.form, 'heredoc');
    assert.deepEqual(summary(script), ['set|-e', 'curl|x', 'sh', 'cat']);
    assert.deepEqual(wordTexts(text, script)[1], ['curl', 'x']);
    assert.equal(text.slice(script.commands[1].start, script.commands[1].end), 'curl x');
    assert.equal(script.commands[3].redirects[0].heredoc?.body.value, 'sudo is data\n');
    assert.deepEqual(summary(python), ['python3']);
    assert.deepEqual(summary(bash), ['bash', '.sudo|ls']);
  });

  it('skips the RUN flags and reads the exec form as words without a shell', () => {
    const text = 'FROM debian\nRUN --mount=type=secret,id=npm,target=/root/.npmrc --network=none npm ci\nRUN ["sh", "-c", "sudo \\u0061pt update"]\n';
    const [flags, exec] = runs(text);
    assert.deepEqual(summary(flags), ['npm|ci']);
    assert.equal(exec.form, 'exec');
    assert.deepEqual(summary(exec), ['sh|-c|sudo apt update', '.sudo|apt|update']);
    assert.deepEqual(wordTexts(text, exec), [['"sh"', '"-c"', '"sudo \\u0061pt update"'], ['sudo', '\\u0061pt', 'update']]);
  });

  it('steps over reserved words and reads case branches', () => {
    const [run] = runs('FROM debian\nRUN if [ -f x ]; then sudo rm x; fi; for i in a b; do echo $i; done; case "$x" in a) sudo y;; *) z ;; esac\n');
    assert.deepEqual(summary(run), ['[|-f|x|]', 'sudo|rm|x', 'for|i|in|a|b', 'echo|$i', '', '.sudo|y', '.z']);
  });

  it('knows the SHELL in force, inherited through stages', () => {
    const text = 'FROM debian AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nFROM base\nRUN c\nFROM debian\nRUN d\nSHELL ["powershell", "-Command"]\nRUN e\n';
    const shells = runs(text).map((r) => [r.shell.bash, r.shell.pipefail, r.shell.posix]);
    assert.deepEqual(shells, [[true, true, true], [true, true, true], [false, false, true], [false, false, false]]);
  });

  it('degrades without throwing on broken input, keeping what it parsed', () => {
    const inputs = ['RUN echo "unterminated && sudo x', "RUN echo 'x", 'RUN $(( 1 +', 'RUN ${a', 'RUN )))(((', 'RUN <<EOF\nnever closed', 'RUN ["a", ', 'RUN `a', `RUN ${'$('.repeat(500)}`, 'RUN \\', 'RUN a |', 'RUN && ||'];
    for (const input of inputs) {
      const [run] = runs(`FROM debian\n${input}\n`);
      assert.ok(run, input);
    }
    const [run] = runs('FROM debian\nRUN sudo a && echo "unterminated\n');
    assert.ok(run.error);
    assert.deepEqual(summary(run)[0], 'sudo|a');
  });

  it('never throws and keeps every range inside the document on random shell-like input', () => {
    const alphabet = ['a', 'sudo', ' ', '\\', '\n', '"', "'", '$', '(', ')', '{', '}', '`', '|', '&', ';', '<<', 'EOF', '>', '#', '-c', 'sh', '[', ']', ',', '\t', '=', '\r\n',
      'curl', '-k', 'apt-get', 'install', 'update', 'chmod', '777', 'pip', 'constructor', 'toString', '__proto__', 'env', 'x=1', '-o', 'pipefail', 'set'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 400; i++) {
      const body = Array.from({ length: 1 + Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const text = `FROM debian\nRUN ${body}\nRUN echo ok\n`;
      const all = runs(text);
      // Every rule reading the shell model copes with it: no rule fails on the file.
      assert.deepEqual(lint({ uri: 'Dockerfile', text }).findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], body);
      assert.equal(all[all.length - 1].commands[0]?.words[1]?.value === 'ok' || all.length >= 1, true, body);
      for (const run of all) {
        for (const command of run.commands) {
          for (const node of [command, ...command.words, ...command.redirects]) {
            assert.ok(node.start >= 0 && node.start <= node.end && node.end <= text.length, `${JSON.stringify(body)}: ${node.start}-${node.end}`);
          }
        }
      }
    }
  });

  it('treats program and variable names that are Object.prototype keys as plain names', () => {
    const text = 'FROM debian\nRUN constructor x && toString -k && __proto__ y | hasOwnProperty\nENV constructor=0 toString=1\n';
    assert.deepEqual(lint({ uri: 'Dockerfile', text }).findings.filter((f) => f.ruleId === 'internal-error'), []);
  });

  it('parses each RUN once per model', () => {
    const model = parseDockerfile('FROM debian\nRUN a\n');
    assert.equal(runShells(model), runShells(model));
  });
});
