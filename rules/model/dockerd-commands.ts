import { isScalar, isSeq, type Scalar } from 'yaml';
import type { JSONInstruction } from './dockerfile-syntax';
import type { Range } from '../types';
import { resolvedText, scalarText, sequenceItems, serviceEntry, type ComposeModel, type ComposeService, type Traced } from './compose';
import type { DockerfileModel } from './dockerfile';
import { dockerdFlagsStart, parseDockerdCommand, parseDockerdFlags, type DockerdCommand, type Word } from './dockerd';
import { invocations, rangeOf, runCommands } from './shell';
import { derived } from './derived';
import type { UnitModel } from './systemd';

/**
 * dockerd started inside an image or a Compose service (Docker-in-Docker): the command lines that
 * run it, read into the same settings as daemon.json and unit files.
 */

/** The models in which dockerd command lines are written. */
export type CommandLineModel = DockerfileModel | ComposeModel | UnitModel;

/** Every dockerd command line of a Dockerfile, Compose file or unit file, read once per model. */
export function dockerdCommandsOf(model: CommandLineModel): DockerdCommand[] {
  if (model.kind === 'systemd') return model.dockerd;
  return model.kind === 'dockerfile' ? derived(model, dockerfileDockerdCommands) : derived(model, composeDockerdCommands);
}

function composeDockerdCommands(model: ComposeModel): DockerdCommand[] {
  return model.services.flatMap((service) => composeDockerdCommand(model, service) ?? []);
}

/**
 * Whether the image is the Docker-in-Docker daemon image (`docker:dind`, `docker:27-dind`, ...), also
 * with a variable in its tag (`docker:${DOCKER_VERSION}-dind`): the `dind` written after it names the variant.
 */
export function isDindImage(image: string | undefined): boolean {
  const known = image?.trim().replace(/\$\{\{[^}$]*\}\}|\$\{[^}$]*\}|\$\w+/g, '');
  return known !== undefined && /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?docker:(?=[\w.-]*dind)[\w.-]*(?:@sha256:[0-9a-f]+)?$/i.test(known);
}

/** Text in which a word may read `docker...`: the name itself, or an escape (JSON's `\u0064`, a continuation) that may make it. */
const MAY_NAME_DOCKER = /docker|[\\`]/;

/** dockerd in a RUN (through wrappers such as `sudo` or `nohup`), a CMD or an ENTRYPOINT. */
function dockerfileDockerdCommands(model: DockerfileModel): DockerdCommand[] {
  const commands: DockerdCommand[] = [];
  for (const { command } of runCommands(model)) {
    for (const invocation of invocations(command)) {
      // A word's range costs a position lookup: only dockerd and `docker daemon` get their words made.
      if (!invocation.program.startsWith('docker') || dockerdFlagsStart(invocation.word.value, invocation.args[0]?.value) === undefined) continue;
      const words = [invocation.word, ...invocation.args].map((word) => ({ text: word.value, range: rangeOf(model, word), dynamic: word.expands }));
      const dockerd = parseDockerdCommand(words);
      if (dockerd) commands.push(dockerd);
    }
  }
  for (const instruction of model.checked) {
    const keyword = instruction.keyword;
    if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
    // Reading the words (decoding the JSON form) costs more than a look at the text: only a command
    // line that names docker, or may hide the name behind an escape, is read.
    if (!MAY_NAME_DOCKER.test(model.text.substring(instruction.keywordEnd, instruction.end))) continue;
    // The exec form is a JSON array; the shell form's words are split as written.
    const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
    const words: Word[] =
      json.length > 0
        ? json.map((arg) => ({ text: arg.getJSONValue(), range: arg.getRange(), dynamic: false }))
        : instruction.getArguments().map((arg) => ({ text: arg.getValue(), range: arg.getRange(), dynamic: arg.getValue().includes('$') }));
    const dockerd = parseDockerdCommand(words);
    if (dockerd) commands.push(dockerd);
  }
  return commands;
}

/**
 * dockerd run by a Compose service: its `entrypoint` (followed by its `command`), or its `command`
 * alone; on the Docker-in-Docker image a `command` of flags only (`--insecure-registry=...`) is
 * passed to dockerd by the image's entrypoint.
 */
function composeDockerdCommand(model: ComposeModel, service: ComposeService): DockerdCommand | undefined {
  const entry = (key: string) => {
    const found = serviceEntry(model, service, key);
    return found === 'unknown' ? undefined : found;
  };
  const entrypoint = entry('entrypoint');
  const command = entry('command');
  const commandWords = command ? composeWords(model, command.value) : [];
  if (entrypoint) return parseDockerdCommand([...composeWords(model, entrypoint.value), ...commandWords]);
  const dockerd = parseDockerdCommand(commandWords);
  if (dockerd || !command || !commandWords[0]?.text.startsWith('-')) return dockerd;
  const image = entry('image');
  if (!isDindImage(resolvedText(model, image?.value))) return undefined;
  return { program: { text: 'dockerd', range: command.keyRange, dynamic: false }, ...parseDockerdFlags(commandWords) };
}

/** The words of a `command`/`entrypoint`: a list as written, or a string split as Compose does (shell quoting, no shell). */
function composeWords(model: ComposeModel, value: Traced | undefined): Word[] {
  if (!value) return [];
  if (isSeq(value.node)) {
    return sequenceItems(model, value).map((item) => {
      const resolved = resolvedText(model, item);
      return { text: resolved ?? scalarText(item) ?? '', range: item.range, dynamic: resolved === undefined };
    });
  }
  if (!isScalar(value.node)) return [];
  const scalar = value.node as Scalar;
  const text = scalarText(value) ?? '';
  // Words are placed in the source when it is written plainly on one line; otherwise at the whole value.
  const source = value.definedAt === undefined && scalar.range ? model.text.slice(scalar.range[0], scalar.range[1]) : undefined;
  let searchFrom = 0;
  return splitWords(text).map((word) => {
    const at = source?.indexOf(word, searchFrom) ?? -1;
    let range: Range = value.range;
    if (at >= 0 && scalar.range) {
      range = model.lines.range(scalar.range[0] + at, scalar.range[0] + at + word.length);
      searchFrom = at + word.length;
    }
    const expanded = model.project.interpolate(word, value.range);
    return { text: expanded ?? word, range, dynamic: expanded === undefined };
  });
}

/** Splits a command string into words with POSIX shell quoting (no expansion), as Compose does. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\\.|[^\s"'\\]+)|(\s+)/g;
  let current: string | undefined;
  for (const match of text.matchAll(pattern)) {
    if (match[4] !== undefined) {
      if (current !== undefined) words.push(current);
      current = undefined;
      continue;
    }
    const piece = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2] ?? match[3].replace(/^\\(.)$/, '$1');
    current = (current ?? '') + piece;
  }
  if (current !== undefined) words.push(current);
  return words;
}
