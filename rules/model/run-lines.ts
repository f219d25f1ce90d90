import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { baseName, isMakefileName } from '../kinds';
import { LineIndex } from '../text';
import type { Range, TextEdit } from '../types';
import { entriesOf, pairEndLines, parseYaml, trace, type MapEntry, type Traced, type YamlSource } from './compose';
import { parseShortPort, parseShortVolume } from './compose-mounts';
import { knownImageName } from './image-ref';
import { OffsetMap } from './offset-map';
import { runContainer, type ContainerEngine, type RunWord, type RunWordEdits } from './run-flags';
import { emptyContainer, type ContainerRuntime, type RuntimeFileModel, type RuntimeSetting } from './runtime';
import { invocations } from './shell';
import { parseShell, programName, wordSpan, type ParsedShell, type ShellCommand, type ShellWord } from './shell-syntax';
import { mappedScalar, type MappedText } from './yaml-scalars';

/**
 * The containers a shell script, a Makefile or a CI file starts: its `docker run`, `docker create`,
 * `podman run` and `podman create` command lines, and in CI files the containers a job declares
 * (GitHub Actions `container:` and `services:`, GitLab CI `services:`). Nothing else of these files
 * is read: only the containers are linted.
 */

/** Reads a script (`shell`: a shell script or a Makefile) or a CI file (`ci`) into the containers it starts. */
export function parseRunLines(kind: 'shell' | 'ci', text: string, uri: string): RuntimeFileModel {
  const lines = new LineIndex(text);
  const ends = new Map<number, number>();
  const starts = new Map<number, number>();
  const model: ReadModel = {
    kind, text, lines, containers: [], syntaxProblems: [], ends, starts, heads: new Set(), statementEnd: (line) => ends.get(line) ?? line, statementStart: (line) => starts.get(line) ?? line,
  };
  if (kind === 'shell') {
    if (isMakefileName(baseName(uri))) readMakefile(model);
    else readShellText(model, { source: text, map: new OffsetMap() });
    return model;
  }
  const { source, problem } = parseYaml(text);
  if (problem) {
    model.syntaxProblems.push(problem);
    return model;
  }
  // A suppression comment above a key covers its whole value, as in Compose files.
  for (const [line, end] of pairEndLines({ lines, text, source })) extendStatement(model, line, end);
  readCiFile(model, source, /^\.gitlab-ci\.ya?ml$/.test(baseName(uri)));
  // In the order they are written, whatever order the jobs and their keys were read in.
  model.containers.sort((a, b) => a.anchor.start.line - b.anchor.start.line || a.anchor.start.character - b.anchor.start.character);
  return model;
}

/** The model being read, with the statements a suppression comment covers (a run line with its continuation lines). */
interface ReadModel extends RuntimeFileModel {
  ends: Map<number, number>;
  starts: Map<number, number>;
  /** The document offsets of the run lines read (their program word), each read once. */
  heads: Set<number>;
}

function extendStatement(model: ReadModel, line: number, end: number): void {
  if (end > line) model.ends.set(line, Math.max(model.ends.get(line) ?? line, end));
}

/** A command that spans lines: a comment inserted inside it would cut it. */
function addCommand(model: ReadModel, first: number, last: number): void {
  extendStatement(model, first, last);
  for (let line = first + 1; line <= last; line++) if (!model.starts.has(line)) model.starts.set(line, first);
}


// ---------------------------------------------------------------------------------------------
// Command lines

/** Options of the `docker` and `podman` programs before the subcommand that take a value. */
const GLOBAL_VALUE_OPTIONS: Record<ContainerEngine, ReadonlySet<string>> = {
  docker: new Set(['-H', '--host', '--config', '-c', '--context', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']),
  podman: new Set([
    '--cdi-spec-dir', '--cgroup-manager', '--cni-config-dir', '--conmon', '--connection', '-c', '--db-backend', '--events-backend', '--hooks-dir',
    '--identity', '--imagestore', '--log-level', '--module', '--network-cmd-path', '--network-config-dir', '--out', '--registries-conf', '--root',
    '--runroot', '--runtime', '--runtime-flag', '--ssh', '--storage-driver', '--storage-opt', '--tmpdir', '--url', '--volumepath',
  ]),
};

/** How deep command lines kept in strings are followed (`sh -c "eval 'docker run …'"`). */
const MAX_STRING_DEPTH = 4;

/** The shell text of a script, a recipe or a CI step, with where its characters are in the document. */
function readShellText(model: ReadModel, script: MappedText, depth = 0, inherited: ScriptVariables = new Map(), inheritedEngines = new Map<string, ContainerEngine>()): void {
  const parsed = parseShell(script.source, script.map);
  const engines = new Map([...inheritedEngines, ...engineVariables(parsed.commands)]);
  const variables = scriptVariables(model.text, script, parsed, inherited);
  for (const command of parsed.commands) {
    if (command.kind !== 'simple') continue;
    for (const invocation of invocations(command)) {
      const engine = ENGINES.has(invocation.program) ? (invocation.program as ContainerEngine) : engines.get(variableName(invocation.word.value) ?? '');
      if (!engine) continue;
      // An `sh -c '…'` script is parsed with its command and read again as a string: one container.
      if (model.heads.has(invocation.word.start)) continue;
      const container = runLineContainer(model, engine, invocation.word, invocation.args, variables, depth > 0);
      if (!container) continue;
      model.heads.add(invocation.word.start);
      model.containers.push(container);
      addCommand(model, model.lines.lineAt(command.start), model.lines.lineAt(command.end));
    }
    // A string's `$NAME` is the script's variable, whether expanded when the string is made or when it is run.
    if (depth < MAX_STRING_DEPTH) for (const string of commandStrings(command, engines)) readShellText(model, string, depth + 1, variables, engines);
  }
}

/**
 * A string that starts with a container engine command: `docker run …`, `sudo podman create …`,
 * `/usr/bin/docker container run …`, or `$DOCKER run …` with the engine in a variable; the engine
 * (or the variable's name) is the first group.
 */
const ENGINE_COMMAND = /^\s*(?:sudo\s+(?:-\S+\s+)*)?(?:(?:\S*\/)?(docker|podman)|\$\{?([A-Za-z_]\w*)\}?)\s/;

const ENGINES: ReadonlySet<string> = new Set(['docker', 'podman']);

/** Programs whose arguments are printed, not run: a usage message that shows a run line starts nothing. */
const PRINTERS = new Set(['echo', 'printf']);

/**
 * The command lines a command keeps in strings, to be run later or elsewhere: an assignment's value
 * (`CMD="docker run …"`, `export X='docker run …'`, `local c="podman run …"`) and a quoted argument
 * (`eval "docker run …"`, `ssh host "docker run …"`, `bash -c "sudo docker run …"`). The string's
 * text is the word after quote removal, mapped to where each of its characters is written.
 */
function commandStrings(command: ShellCommand, engines: ReadonlyMap<string, ContainerEngine>): MappedText[] {
  const strings: MappedText[] = [];
  const add = (word: ShellWord, from: number) => {
    const source = word.value.slice(from);
    const engine = ENGINE_COMMAND.exec(source);
    if (!engine || (engine[2] !== undefined && !engines.has(engine[2]))) return;
    const map = new OffsetMap();
    map.addSlice(word.map, from, word.value.length, 0);
    strings.push({ source, map });
  };
  for (const assignment of command.assignments) add(assignment.word, assignment.valueStart);
  if (PRINTERS.has(programName(command.words[0]) ?? '')) return strings;
  // A string given to a container engine (`docker run img sh -c "…"`) runs inside the container, without the host's engine.
  if (invocations(command).some(({ program }) => ENGINES.has(program))) return strings;
  for (const word of command.words.slice(1)) {
    if (!word.quoted) continue;
    // `export NAME="…"`, `local NAME='…'`: the value after the name.
    add(word, /^[A-Za-z_]\w*=/.exec(word.value)?.[0].length ?? 0);
  }
  return strings;
}

/** The name of a lone variable reference, `$NAME` or `${NAME}`. */
function variableName(text: string): string | undefined {
  return /^\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})$/.exec(text)?.slice(1).find((name) => name !== undefined);
}

/**
 * Variables that name the container engine (`DOCKER=${DOCKER:-docker}`, `ENGINE=podman`, `DOCKER="sudo $DOCKER"`): every
 * assignment of the script gives docker or podman (a default, a path, `sudo` before it) or the
 * variable's own value, so `$DOCKER run` is a run line whatever the caller sets it to.
 */
function engineVariables(commands: readonly ShellCommand[]): Map<string, ContainerEngine> {
  const engines = new Map<string, ContainerEngine | undefined>();
  for (const command of commands) {
    if (command.kind !== 'simple' || command.words.length > 0) continue;
    for (const assignment of command.assignments) {
      const { name } = assignment;
      if (engines.has(name) && engines.get(name) === undefined) continue;
      const value = assignment.word.value.slice(assignment.valueStart).replace(/^sudo\s+/, '');
      // `docker`, `/usr/bin/podman`, or the variable's own value with such a default: `${DOCKER:-docker}`.
      const fallback = /^\$\{([A-Za-z_]\w*):?[-=]((?:\S*\/)?(?:docker|podman))\}$/.exec(value);
      const program = fallback && fallback[1] === name ? fallback[2] : value;
      const named = /^(?:\S*\/)?(docker|podman)$/.exec(program);
      const itself = variableName(value) === name;
      if (named) engines.set(name, engines.get(name) ?? (named[1] as ContainerEngine));
      else if (!itself) engines.set(name, undefined);
    }
  }
  const known = new Map<string, ContainerEngine>();
  for (const [name, engine] of engines) if (engine) known.set(name, engine);
  return known;
}

/** A shell word as the run-flags reader takes it. */
export function runWordOf(word: ShellWord): RunWord {
  return {
    text: word.value,
    start: word.start,
    end: word.end,
    dynamic: word.expands,
    // An unquoted expansion the shell splits into fields: `$OPTS`, `$(cat flags)`.
    splits: word.expands && !word.quoted && /^[$`]/.test(word.value),
    span: (from, to) => wordSpan(word, from, to),
  };
}

/**
 * Characters no shell, Makefile or YAML scalar reads specially inside a word: a replacement made of
 * them is written as it is; any other would need quoting that depends on where the line is written.
 */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `docker [global options] [container] run|create ...`: the container, or undefined for any other command. */
function runLineContainer(
  model: ReadModel, engine: ContainerEngine, program: ShellWord, args: readonly ShellWord[], variables: ScriptVariables, inString: boolean,
): ContainerRuntime | undefined {
  let i = 0;
  while (i < args.length && args[i].value.startsWith('-')) {
    const option = args[i].value;
    i += !option.includes('=') && GLOBAL_VALUE_OPTIONS[engine].has(option) ? 2 : 1;
  }
  if (args[i]?.value === 'container') i++;
  const verb = args[i];
  if (!verb || (verb.value !== 'run' && verb.value !== 'create')) return undefined;
  const shellWords = args.slice(i + 1);
  // A string that only names the command (`grep -q "docker run"`) or tells of it (`MSG="docker run failed"`) starts no container.
  if (inString && !shellWords.some((word) => word.value.startsWith('-'))) return undefined;
  // Words made of a variable's value are written elsewhere: no fix edits them.
  const substituted = new Set<RunWord>();
  const words = shellWords.flatMap((word) => {
    const expanded = expandWord(model.text, word, variables);
    for (const made of expanded ?? []) substituted.add(made);
    return expanded ?? [runWordOf(word)];
  });
  const written = (first: number, last: number) => words.slice(Math.max(0, first), last + 1).every((word) => !substituted.has(word));
  const lines = model.lines;
  const edit = (start: number, end: number, newText: string): TextEdit[] => [{ range: lines.range(start, end), newText }];
  const edits: RunWordEdits = {
    removeWords: (first, last) => (written(first - 1, last) ? edit(first === 0 ? verb.end : words[first - 1].end, words[last].end, '') : undefined),
    replaceWord: (index, text) => (PLAIN_WORD.test(text) && written(index, index) ? edit(words[index].start, words[index].end, text) : undefined),
    insertFlag: (flag) => edit(verb.end, verb.end, ` ${flag}`),
  };
  return runContainer({
    engine,
    words,
    lines,
    anchor: lines.range(program.start, verb.end),
    label: `This ${engine} ${verb.value}`,
    edits,
  });
}

// ---------------------------------------------------------------------------------------------
// Script variables

/** A variable a script assigns once, unconditionally, with a literal value, and where that assignment ends. */
interface ScriptVariable {
  value: string;
  definedAt: number;
}

/** By name; undefined for a variable whose value is not known (assigned twice, conditionally, from a command). */
type ScriptVariables = Map<string, ScriptVariable | undefined>;

/**
 * Records a definition: a name defined once keeps its value (undefined when that value is not
 * literal); a name defined again becomes unknown, as which value a use sees is not known here.
 */
function define<T>(variables: Map<string, T | undefined>, name: string, value: T | undefined): void {
  variables.set(name, variables.has(name) ? undefined : value);
}

/**
 * Where the `k`-th of `length` characters of a variable's value is placed when it replaces a
 * reference written from `first` to `last` (offsets of its first and last character): on the
 * reference, from its start, the value's last character on the reference's last.
 */
function placedOnReference(k: number, length: number, first: number, last: number): number {
  return k === length - 1 ? last : Math.min(first + k, last - 1);
}

/** A value that reads the same unquoted, double-quoted and split into words: no quotes, expansions, escapes or globs. */
const PLAIN_VALUE = /^[A-Za-z0-9_@%+=:,./ -]*$/;

/** Builtins that declare variables, with `NAME=value` or `NAME` words. */
const DECLARATIONS = new Set(['export', 'readonly', 'declare', 'typeset', 'local']);

/**
 * The variables a script assigns literally (`FLAGS="--privileged -v /dev:/dev"`, `SOCK=/var/run/docker.sock`),
 * once, at its top level: an assignment inside `if`, `case`, a loop, a function, after `&&` or `||`,
 * or from anything but a plain literal leaves the variable unknown, as does `read`, `for` or `getopts` setting it.
 */
function scriptVariables(text: string, script: MappedText, parsed: ParsedShell, inherited: ScriptVariables): ScriptVariables {
  // A string's own script sees the variables of the script that holds it; assigning one again makes it unknown.
  const variables: ScriptVariables = new Map(inherited);
  const unconditional = unconditionalCommands(text, script, parsed);
  for (const command of parsed.commands) {
    if (command.kind !== 'simple') continue;
    const program = programName(command.words[0]) ?? '';
    for (const { word, name, valueStart } of assignedWords(command, program)) {
      const value = valueStart === undefined ? undefined : word.value.slice(valueStart);
      const literal =
        value !== undefined && unconditional.has(command) && program !== 'local' && !word.expands && PLAIN_VALUE.test(value) && word.value[name.length] === '=';
      define(variables, name, literal ? { value, definedAt: command.end } : undefined);
    }
    for (const name of namesReadInto(program, command.words)) define(variables, name, undefined);
  }
  return variables;
}

interface AssignedWord {
  word: ShellWord;
  name: string;
  /** Where the value starts in the word; undefined for a name declared without one. */
  valueStart: number | undefined;
}

/** `NAME=value` before no command (`NAME=value cmd` sets it for `cmd` alone), or the words of a declaration builtin. */
function assignedWords(command: ShellCommand, program: string): AssignedWord[] {
  if (command.words.length === 0) return command.assignments;
  if (!DECLARATIONS.has(program)) return [];
  return command.words.slice(1).flatMap((word): AssignedWord[] => {
    const assignment = /^([A-Za-z_]\w*)\+?=/.exec(word.value);
    if (assignment) return [{ word, name: assignment[1], valueStart: assignment[0].length }];
    return /^[A-Za-z_]\w*$/.test(word.value) ? [{ word, name: word.value, valueStart: undefined }] : [];
  });
}

/** Names a command sets from what it reads: `read a b`, `for x in …`, `getopts opts name`, `mapfile name`. */
function namesReadInto(program: string, words: readonly ShellWord[]): string[] {
  const names = (list: readonly ShellWord[]) => list.map((word) => word.value).filter((value) => /^[A-Za-z_]\w*$/.test(value));
  switch (program) {
    case 'read':
    case 'mapfile':
    case 'readarray':
      return names(words.slice(1));
    case 'for':
    case 'select':
      return names(words.slice(1, 2));
    case 'getopts':
      return names(words.slice(2, 3));
    default:
      return [];
  }
}

/** Reserved words that open and close a compound command the parser steps over (their bodies are read as plain commands). */
const OPENERS = new Set(['if', 'while', 'until']);
const CLOSERS = new Set(['fi', 'done']);

/**
 * The commands a script always runs: at its top level, outside `if`/`while`/`until`/`for` (whose
 * reserved words lie between the pipelines), not after `&&` or `||`, not in a pipeline, a group,
 * a `case`, a function or a substitution.
 */
function unconditionalCommands(text: string, script: MappedText, parsed: ParsedShell): Set<ShellCommand> {
  // Here-document bodies lie between pipelines too: their words are not reserved words.
  const bodies = parsed.commands.flatMap((command) => command.redirects.flatMap((redirect) => (redirect.heredoc ? [redirect.heredoc.body] : [])));
  const unconditional = new Set<ShellCommand>();
  let depth = 0;
  let previous = script.map.at(0);
  for (const pipeline of parsed.pipelines) {
    let gap = text.slice(previous, Math.max(previous, pipeline.start));
    for (const body of bodies) {
      const from = Math.max(body.start, previous) - previous;
      const to = Math.min(body.end, pipeline.start) - previous;
      if (to > from) gap = gap.slice(0, from) + ' '.repeat(to - from) + gap.slice(to);
    }
    for (const word of gap.replace(/#[^\n]*/g, ' ').match(/[a-z]+/g) ?? []) {
      if (OPENERS.has(word)) depth++;
      else if (CLOSERS.has(word)) depth = Math.max(0, depth - 1);
    }
    const separator = pipeline.separator?.text;
    const [first] = pipeline.commands;
    if (depth === 0 && separator !== '&&' && separator !== '||' && pipeline.commands.length === 1 && first.kind === 'simple' && first.parent === undefined) unconditional.add(first);
    if (first.kind === 'simple' && ['for', 'select'].includes(programName(first.words[0]) ?? '')) depth++;
    previous = Math.max(previous, pipeline.end);
  }
  return unconditional;
}

/** `$NAME` and `${NAME}`. */
const REFERENCE = /\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})/g;

/**
 * A word whose `$NAME` / `${NAME}` references are all to variables the script assigned literally
 * before it: the words the shell makes of it (an unquoted value with blanks is split into several).
 * `$HOME` at the start of a path (the word's, or after `=`) is the user's home, `~`. Undefined when
 * anything in the word stays unknown.
 */
function expandWord(text: string, word: ShellWord, variables: ScriptVariables): RunWord[] | undefined {
  if (!word.expands) return undefined;
  const { value } = word;
  // A `$` is an expansion when nothing of the word is quoted, or all of it is in one pair of double quotes.
  if (word.quoted && text.slice(word.start, word.end) !== `"${value}"`) return undefined;
  if (/[$`]/.test(value.replace(REFERENCE, ''))) return undefined;
  let chars = '';
  // Each character's document offset, and the span of what it was written as (itself, or the whole reference).
  const offsets: number[] = [];
  const written: { start: number; end: number }[] = [];
  let blanks = false;
  let from = 0;
  const literal = (to: number) => {
    for (let k = from; k < to; k++) {
      chars += value[k];
      offsets.push(word.map.at(k));
      written.push({ start: word.map.at(k), end: word.map.endAt(k + 1) });
    }
  };
  for (const match of value.matchAll(REFERENCE)) {
    const index = match.index;
    const name = match[1] ?? match[2];
    const variable = variables.get(name);
    let replacement = variable && variable.definedAt <= word.start ? variable.value : undefined;
    if (replacement === undefined && name === 'HOME' && !variables.has(name) && (index === 0 || value[index - 1] === '=')) replacement = '~';
    if (replacement === undefined) return undefined;
    literal(index);
    const first = word.map.at(index);
    const last = word.map.at(index + match[0].length - 1);
    for (let k = 0; k < replacement.length; k++) {
      chars += replacement[k];
      offsets.push(placedOnReference(k, replacement.length, first, last));
      written.push({ start: first, end: last + 1 });
    }
    blanks ||= /\s/.test(replacement);
    from = index + match[0].length;
  }
  literal(value.length);
  const made = (start: number, end: number, whole: boolean): RunWord => ({
    text: chars.slice(start, end),
    start: whole ? word.start : written[start].start,
    end: whole ? word.end : written[end - 1].end,
    dynamic: false,
    span: (a, b) => ({ start: offsets[Math.min(start + a, end - 1)], end: offsets[Math.min(start + Math.max(b, a + 1), end) - 1] + 1 }),
  });
  if (word.quoted || !blanks) return [made(0, chars.length, true)];
  // Unquoted: the shell splits the result into fields at blanks.
  return [...chars.matchAll(/\S+/g)].map((field) => made(field.index, field.index + field[0].length, false));
}

// ---------------------------------------------------------------------------------------------
// Makefiles

/**
 * A Makefile's recipes: each recipe line (a tab, then the command, with its backslash-newline
 * continuations, whose next line's tab make removes) is a shell command line. Make expands its
 * variables first: `$$` is a `$` the shell sees; `$(NAME)` and `${NAME}` are replaced by the value of
 * a variable the file defines once with a literal value, and are otherwise unknown (the shell
 * parser reads them as the expansion `${...}`, so the words holding them are not read as settings).
 */
function readMakefile(model: ReadModel): void {
  const { text, lines } = model;
  const variables = literalVariables(model);
  let inRule = false;
  let inDefine = false;
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (inDefine) {
      if (/^\s*endef\b/.test(content)) inDefine = false;
      continue;
    }
    if (/^\s*define\b/.test(content)) {
      inDefine = true;
      continue;
    }
    if (content.startsWith('\t') && inRule) {
      const start = lines.offsetAt({ line, character: 1 });
      let last = line;
      while (last + 1 < lines.lineCount && continues(lines.lineText(last))) last++;
      readShellText(model, recipeText(text, start, lines.lineEnd(last), variables));
      line = last;
      continue;
    }
    // Comments and conditionals (`ifeq`, `else`, `endif`, ...) neither open nor end a recipe.
    if (content.trim() === '' || content.trimStart().startsWith('#') || /^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(content)) continue;
    // A rule line (`target: prerequisites`) opens a recipe; a variable assignment or a directive ends it.
    inRule = /^[^\t=#][^=#]*?:(?!=)/.test(content) && !makeAssignment(content);
    let last = line;
    while (last + 1 < lines.lineCount && continues(lines.lineText(last))) last++;
    line = last;
  }
}

function continues(line: string): boolean {
  let backslashes = 0;
  while (backslashes < line.length && line[line.length - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 1;
}

/** Variables defined once with a value that refers to nothing (`IMAGE := alpine:3.20`); `override` and `export` allowed. */
function literalVariables(model: ReadModel): Map<string, string | undefined> {
  const variables = new Map<string, string | undefined>();
  for (let line = 0; line < model.lines.lineCount; line++) {
    const assignment = makeAssignment(model.lines.lineText(line));
    if (!assignment) continue;
    const { name, operator, value } = assignment;
    const hash = value.indexOf('#');
    const literal = operator !== '+=' && operator !== '!=' && !value.includes('$') && !value.endsWith('\\') ? (hash < 0 ? value : value.slice(0, hash)).trim() : undefined;
    // Defined twice (or appended to, or computed): which value a recipe sees is not known here.
    define(variables, name, literal);
  }
  return variables;
}

const ASSIGNMENT_OPERATORS = [':::=', '::=', ':=', '?=', '+=', '!=', '='];

/** `[export|override ...] NAME <operator> value` at the start of a line (not a recipe line), or undefined. */
function makeAssignment(line: string): { name: string; operator: string; value: string } | undefined {
  if (line.startsWith('\t')) return undefined;
  let rest = line.trimStart();
  for (;;) {
    const directive = ['export ', 'export\t', 'override ', 'override\t'].find((word) => rest.startsWith(word));
    if (!directive) break;
    rest = rest.slice(directive.length).trimStart();
  }
  const name = /^[A-Za-z_][\w.-]*/.exec(rest)?.[0];
  if (name === undefined) return undefined;
  rest = rest.slice(name.length).trimStart();
  const operator = ASSIGNMENT_OPERATORS.find((candidate) => rest.startsWith(candidate));
  return operator === undefined ? undefined : { name, operator, value: rest.slice(operator.length).trim() };
}

/**
 * The command make hands the shell for a recipe line: the recipe prefixes (`@`, `-`, `+`) and the tab
 * after each continuation removed, make's variables expanded.
 */
function recipeText(text: string, start: number, end: number, variables: Map<string, string | undefined>): MappedText {
  let source = '';
  const map = new OffsetMap();
  const add = (chars: string, offset: number) => {
    map.addRun(source.length, offset);
    source += chars;
  };
  let i = start;
  while (i < end && /[@+\-\s]/.test(text[i])) i++;
  for (; i < end; i++) {
    const c = text[i];
    if (c === '\n') {
      add(c, i);
      if (text[i + 1] === '\t') i++;
      continue;
    }
    if (c !== '$') {
      add(c, i);
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      add('$', i + 1);
      i++;
      continue;
    }
    if (next === '(' || next === '{') {
      const close = matchingClose(text, i + 1, end);
      const name = text.slice(i + 2, close);
      const value = /^[\w.-]+$/.test(name) ? variables.get(name) : undefined;
      if (value !== undefined && close < end) {
        // The value's characters are placed on the reference, from its start; its last one on the closing parenthesis.
        for (let k = 0; k < value.length; k++) add(value[k], placedOnReference(k, value.length, i, close));
      } else {
        // Unknown: written as the shell expansion `${...}` (as long as the reference), which the shell parser leaves unread.
        add('${', i);
        for (let k = i + 2; k < close; k++) add(text[k] === '(' ? '{' : text[k] === ')' ? '}' : text[k], k);
        if (close < end) add('}', close);
      }
      i = close;
      continue;
    }
    // `$@`, `$<`, `$X`: an automatic or one-letter variable, unknown.
    add('$', i);
    if (next !== undefined && next !== '\n') {
      add('_', i + 1);
      i++;
    }
  }
  return { source, map };
}

/** The offset of the `)` or `}` that closes the reference opened at `open`; `end` when it is not closed. */
function matchingClose(text: string, open: number, end: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (text[i] === opener) depth++;
    else if (text[i] === closer && --depth === 0) return i;
  }
  return end;
}

// ---------------------------------------------------------------------------------------------
// CI files

/** A GitLab pipeline by its name; otherwise a GitHub workflow (`jobs:`), a composite action (`runs:`), or read as a pipeline. */
function readCiFile(model: ReadModel, source: YamlSource, gitlab: boolean): void {
  const root = trace(source, source.doc.contents as Node | null);
  if (!root || !isMap(root.node)) return;
  const top = entriesOf(root);
  const seen = new Set<Node>();
  if (gitlab) readGitLab(model, top, seen);
  else if (top.has('jobs')) readWorkflow(model, top, seen);
  else if (top.has('runs')) readCompositeAction(model, top, seen);
  else readGitLab(model, top, seen);
}

/** The text of a scalar value, or undefined. */
function textOf(value: Traced | undefined): string | undefined {
  return value && isScalar(value.node) && value.node.value !== null && typeof value.node.value !== 'object' ? String(value.node.value) : undefined;
}

/** The items of a sequence value, aliases followed (nested sequences flattened, as GitLab does for `script`). */
function itemsOf(value: Traced | undefined, depth = 0): Traced[] {
  if (!value || !isSeq(value.node) || depth > 8) return [];
  const items: Traced[] = [];
  for (const item of value.node.items) {
    const traced = trace(value.source, item as Node | null);
    if (!traced) continue;
    if (isSeq(traced.node)) items.push(...itemsOf(traced, depth + 1));
    else items.push(traced);
  }
  return items;
}

/** The shell a GitHub Actions `run:` step is run with is a POSIX shell (`bash`, `sh`, or a command line of one). */
function isPosixShell(shell: string): boolean {
  return /^(?:bash|sh)(?:\s|$)/.test(shell.trim());
}

/** A script in a YAML scalar (a `run:` step, a GitLab `script:` line), parsed once however many times an alias repeats it. */
function readScript(model: ReadModel, value: Traced | undefined, seen: Set<Node>): void {
  if (!value || !isScalar(value.node) || seen.has(value.node)) return;
  seen.add(value.node);
  const mapped = mappedScalar(model.text, value.node as Scalar);
  if (mapped) readShellText(model, mapped);
}

/** GitHub Actions: the steps' `run:` scripts and each job's container and service containers. */
function readWorkflow(model: ReadModel, top: Map<string, MapEntry>, seen: Set<Node>): void {
  const workflowShell = textOf(entriesOf(entriesOf(top.get('defaults')?.value).get('run')?.value).get('shell')?.value);
  for (const [jobName, job] of entriesOf(top.get('jobs')?.value)) {
    const entries = entriesOf(job.value);
    const jobShell = textOf(entriesOf(entriesOf(entries.get('defaults')?.value).get('run')?.value).get('shell')?.value) ?? workflowShell;
    // Windows runners run steps in PowerShell unless a shell is named.
    const windows = /windows/i.test(textOf(entries.get('runs-on')?.value) ?? '');
    readSteps(model, entries.get('steps')?.value, jobShell, windows, seen);
    const container = entries.get('container');
    if (container?.value) model.containers.push(jobContainer(model, container, `Job "${jobName}" container`));
    for (const [serviceName, service] of entriesOf(entries.get('services')?.value)) {
      if (service.value) model.containers.push(jobContainer(model, service, `Service "${serviceName}" of job "${jobName}"`));
    }
  }
}

/** Actions that run `docker run` with the step's `image` and `options` inputs. */
const DOCKER_RUN_ACTIONS = /^addnab\/docker-run-action@/;

/** A composite action's `runs.steps`: each step names its shell. */
function readCompositeAction(model: ReadModel, top: Map<string, MapEntry>, seen: Set<Node>): void {
  readSteps(model, entriesOf(top.get('runs')?.value).get('steps')?.value, undefined, false, seen);
}

function readSteps(model: ReadModel, steps: Traced | undefined, defaultShell: string | undefined, windows: boolean, seen: Set<Node>): void {
  for (const step of itemsOf(steps)) {
    const entries = entriesOf(step);
    const uses = textOf(entries.get('uses')?.value);
    if (uses && DOCKER_RUN_ACTIONS.test(uses)) {
      const name = textOf(entries.get('name')?.value);
      const inputs = entries.get('with');
      if (inputs?.value) model.containers.push(jobContainer(model, inputs, name ? `Step "${name}"` : `This ${uses.slice(0, uses.indexOf('@'))} step`));
      continue;
    }
    const shell = textOf(entries.get('shell')?.value) ?? defaultShell;
    if (shell === undefined ? windows : !isPosixShell(shell)) continue;
    readScript(model, entries.get('run')?.value, seen);
  }
}

/**
 * A GitHub Actions job container or service: `image` (or the value itself when it is a string), the
 * `options` passed to `docker create`, `env`, `volumes` and `ports`. `credentials` are not settings.
 */
function jobContainer(model: ReadModel, entry: MapEntry, label: string): ContainerRuntime {
  const value = entry.value!;
  const entries = isMap(value.node) ? entriesOf(value) : new Map<string, MapEntry>();
  const imageValue = isScalar(value.node) ? value : entries.get('image')?.value;
  const imageText = textOf(imageValue);
  const dynamicImage = imageText === undefined || imageText.includes('${{');
  // `docker:${{ matrix.docker }}-dind`: the tag is unknown, the image's name is not.
  const image = imageText !== undefined && knownImageName(imageText) !== undefined ? { value: imageText, range: imageValue!.range } : undefined;
  const optionsValue = entries.get('options')?.value;
  const optionWords = optionsValue ? scalarWords(model, optionsValue) : [];
  const container = runContainer({
    engine: 'docker',
    words: optionWords,
    lines: model.lines,
    anchor: entry.keyRange,
    label,
    flagsOnly: true,
    image,
    incomplete: dynamicImage && imageText !== undefined,
  });
  for (const [name, variable] of entriesOf(entries.get('env')?.value)) {
    const text = textOf(variable.value);
    const literal = text !== undefined && !text.includes('${{');
    container.environment.push(environmentSetting(model, name, variable, literal ? text : undefined));
  }
  for (const item of itemsOf(entries.get('volumes')?.value)) {
    const text = textOf(item);
    if (text === undefined || text.includes('${{')) container.incomplete ||= text !== undefined;
    else container.mounts.push(setting({ ...parseShortVolume(text.trim()), range: item.range }, item.range));
  }
  for (const item of itemsOf(entries.get('ports')?.value)) {
    const text = textOf(item);
    const port = text === undefined || text.includes('${{') ? undefined : parseShortPort(text);
    if (port) container.ports.push(setting({ syntax: 'short', ...port, range: item.range }, item.range));
  }
  return container;
}

function setting<T>(value: T, range: Range): RuntimeSetting<T> {
  return { value, range };
}

/** An environment variable written as a `NAME: value` pair, with the offsets of a value written plainly. */
function environmentSetting(model: ReadModel, name: string, entry: MapEntry, value: string | undefined): RuntimeSetting<{ name: string; value: string | undefined; valueOffsets?: [number, number] }> {
  const node = entry.value?.node;
  const inPlace = entry.value !== undefined && !entry.value.definedAt;
  const range = inPlace ? { start: entry.keyRange.start, end: entry.value!.range.end } : entry.keyRange;
  let offsets: [number, number] | undefined;
  if (value !== undefined && inPlace && isScalar(node) && node.range) {
    // A value written plainly or quoted without escapes, as it is read.
    const [start, end] = node.range;
    const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? 1 : 0;
    if (model.text.slice(start + quoted, end - quoted) === value) offsets = [start + quoted, end - quoted];
  }
  return { value: { name, value, ...(offsets ? { valueOffsets: offsets } : {}) }, range };
}

/** The words of a scalar holding command-line options (a job's `options`), as a shell splits them. */
function scalarWords(model: ReadModel, value: Traced): RunWord[] {
  if (!isScalar(value.node)) return [];
  const mapped = mappedScalar(model.text, value.node as Scalar);
  if (!mapped) return [];
  const parsed = parseShell(mapped.source, mapped.map);
  return parsed.commands
    .filter((command) => command.kind === 'simple')
    .flatMap((command) => [...command.assignments.map((a) => a.word), ...command.words])
    .map(runWordOf);
}

/** GitLab CI keys at the top level that are not jobs. */
const GITLAB_GLOBAL_KEYS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);

/**
 * GitLab CI: every job's `script`, `before_script` and `after_script` (a string or a list of them,
 * nested lists flattened), those of `default:` and the top level, and the `services:` containers,
 * which see the top-level, the job's and their own `variables`.
 */
function readGitLab(model: ReadModel, top: Map<string, MapEntry>, seen: Set<Node>): void {
  const readScripts = (entries: Map<string, MapEntry>) => {
    for (const key of ['before_script', 'script', 'after_script']) {
      const value = entries.get(key)?.value;
      if (value && isScalar(value.node)) readScript(model, value, seen);
      for (const item of itemsOf(value)) readScript(model, item, seen);
    }
  };
  const globalVariables = gitlabVariables(top.get('variables'));
  const defaults = entriesOf(top.get('default')?.value);
  readScripts(top);
  readScripts(defaults);
  readGitLabServices(model, top.get('services'), 'the pipeline', globalVariables);
  readGitLabServices(model, defaults.get('services'), 'the pipeline', globalVariables);
  for (const [name, job] of top) {
    if (GITLAB_GLOBAL_KEYS.has(name) || !job.value || !isMap(job.value.node)) continue;
    const entries = entriesOf(job.value);
    readScripts(entries);
    readGitLabServices(model, entries.get('services'), `job "${name}"`, [...globalVariables, ...gitlabVariables(entries.get('variables'))]);
  }
}

interface GitLabVariable {
  name: string;
  entry: MapEntry;
  /** Undefined when it refers to another variable (`$CI_REGISTRY`), whose value is not in the file. */
  value: string | undefined;
}

/** `variables:` as `NAME: value` or `NAME: {value: ..., description: ...}`. */
function gitlabVariables(entry: MapEntry | undefined): GitLabVariable[] {
  const variables: GitLabVariable[] = [];
  for (const [name, variable] of entriesOf(entry?.value)) {
    const valueNode = variable.value && isMap(variable.value.node) ? entriesOf(variable.value).get('value')?.value : variable.value;
    const text = textOf(valueNode) ?? (valueNode && isScalar(valueNode.node) && valueNode.node.value === null ? '' : undefined);
    variables.push({ name, entry: variable, value: text === undefined || text.includes('$') ? undefined : text });
  }
  return variables;
}

/** GitLab `services:`: an image name, or `{name, alias, variables, command, entrypoint}`. Job variables reach the services too. */
function readGitLabServices(model: ReadModel, entry: MapEntry | undefined, owner: string, variables: GitLabVariable[]): void {
  for (const item of itemsOf(entry?.value)) {
    const entries = isMap(item.node) ? entriesOf(item) : new Map<string, MapEntry>();
    const imageValue = isScalar(item.node) ? item : entries.get('name')?.value;
    const imageText = textOf(imageValue);
    // `docker:${DOCKER_VERSION}-dind`: the tag is unknown, the image's name is not.
    const known = imageText !== undefined && knownImageName(imageText) !== undefined;
    const all = [...variables, ...gitlabVariables(entries.get('variables'))];
    // The runner's configuration (privileged, capabilities, volumes) decides the rest of its settings.
    const container = emptyContainer('run', `Service "${imageText ?? 'service'}" of ${owner}`, item.range, true);
    if (known) container.image = { value: imageText, range: imageValue!.range };
    // A later definition of a name wins (the job's over the pipeline's, the service's over the job's).
    const byName = new Map(all.map((variable) => [variable.name, variable]));
    for (const variable of byName.values()) container.environment.push(environmentSetting(model, variable.name, variable.entry, variable.value));
    model.containers.push(container);
  }
}
