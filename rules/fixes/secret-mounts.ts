import type { Instruction, JSONInstruction, Run } from '../model/dockerfile-syntax';
import type { DockerfileModel, DockerfileStage } from '../model/dockerfile';
import { flagOf, type FileTransfer, type InstructionArgument } from '../model/instructions';
import type { RunShell, ShellCommand } from '../model/shell';
import { isSecretFolderName, secretFileKind } from '../secrets/files';
import type { Fix, TextEdit } from '../types';
import { removeInstruction } from './dockerfile-edits';
import type { WorkspaceView } from '../workspace';
import { keepValue, secretIdFor, type ReservedFiles } from './secret-files';
import { mountedSecretIds, mountFlagEdit, runsReading, syntaxDirectiveEdit } from './secret-moves';

/**
 * The fixes that take a secret out of a RUN's command line or out of an image layer and give it to
 * the build as a BuildKit mount instead. The build must then pass the secret, so both are unsafe.
 */

/** Where a character of a shell-form RUN stands: outside quotes, in '…' or in "…". */
type QuoteState = 'none' | 'single' | 'double';

/**
 * The quoting in force at `offset` of a RUN's text, read from its keyword on: backslash escapes and
 * line continuations skipped, and the comment lines Docker drops before the shell sees the command.
 */
function quoteStateAt(text: string, from: number, offset: number): QuoteState {
  let state: QuoteState = 'none';
  for (let i = from; i < offset; i++) {
    if (text[i - 1] === '\n' && /^[ \t]*#/.test(text.slice(i, i + 200))) {
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd < 0 ? offset : lineEnd;
      continue;
    }
    const c = text[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (c === '\\') i++;
    else if (c === '"') state = state === 'double' ? 'none' : 'double';
    else if (c === "'" && state === 'none') state = 'single';
  }
  return state;
}

/** `${NAME}` written so that the shell expands it as one word where the literal stood. */
const REFERENCE_IN: Record<QuoteState, (name: string) => string> = {
  none: (name) => `"\${${name}}"`,
  double: (name) => `\${${name}}`,
  single: (name) => `'"\${${name}}"'`,
};

/**
 * Replaces a literal credential of a RUN (document offsets `start`–`end`) by `${NAME}` and mounts
 * the secret as that variable on the RUN. Offered where the shell itself reads the literal: a
 * shell-form RUN of a POSIX shell, not inside a `$(…)` or an `sh -c` script, whose text holds the
 * value as is (no escape or quote inside it). `reserved` holds the ids chosen for other findings of
 * the lint, so that fixes applied together do not share one.
 */
export function runCredentialMountFix(model: DockerfileModel, documentUri: string, workspace: WorkspaceView | undefined, run: RunShell, command: ShellCommand, start: number, end: number, name: string, reserved: ReservedFiles): Fix | undefined {
  if (!workspace || run.form !== 'shell' || !run.shell.posix || model.ast.getEscapeCharacter() !== '\\') return undefined;
  for (let parent = command.parent; parent; parent = parent.parent) if (parent.kind === 'simple') return undefined;
  if (/['"\\\s$`]/.test(model.text.slice(start, end))) return undefined;
  const used = mountedSecretIds(model);
  // The credential leaves the file: it is kept in the secrets folder, the build's source for the secret.
  const kept = keepValue(documentUri, workspace, name, model.text.slice(start, end), 'txt', reserved, (candidate) => used.has(candidate));
  const id = kept.id;
  const variable = id.toUpperCase();
  const keywordEnd = model.lines.offsetAt(run.instruction.getInstructionRange().end);
  const edits: TextEdit[] = [];
  const syntax = syntaxDirectiveEdit(model);
  if (syntax) edits.push(syntax);
  edits.push(mountFlagEdit(run.instruction, `type=secret,id=${id},env=${variable}`));
  const quoting = quoteStateAt(model.text, keywordEnd, start);
  // `'secret'` becomes `"${NAME}"`, not `''"${NAME}"''`.
  const opens = quoting === 'single' && model.text[start - 1] === "'" && quoteStateAt(model.text, keywordEnd, start - 1) === 'none';
  const closes = quoting === 'single' && model.text[end] === "'";
  const reference = REFERENCE_IN[quoting](variable).slice(opens ? 1 : 0, closes ? -1 : undefined);
  edits.push({ range: model.lines.range(start - (opens ? 1 : 0), end + (closes ? 1 : 0)), newText: reference });
  return { title: `Replace the credential by $${variable} from the BuildKit secret "${id}", its value kept in ${kept.path} (build with --secret id=${id},src=${kept.path})`, safe: false, edits, files: kept.changes };
}

const SSH_PRIVATE_KEY = 'an SSH private key';

/**
 * Takes a secret file out of a COPY/ADD (the whole instruction when it is its only source) and
 * mounts it where it was copied on the RUNs of the stage after it that name it, or all of them
 * (an SSH private key: the build's SSH agent, `--mount=type=ssh`). Offered for one named file
 * copied from the build context to a known place; undefined when no RUN follows, since the file is
 * then meant for run time, where a build mount cannot help.
 */
export function copiedSecretMountFix(model: DockerfileModel, transfer: FileTransfer, source: InstructionArgument, reserved: Set<string>): Fix | undefined {
  const stage = model.stages.find((candidate) => candidate.instructions.includes(transfer.instruction));
  const path = source.value;
  if (!stage || !path || flagOf(transfer, 'from')) return undefined;
  if ((transfer.instruction as JSONInstruction).getJSONStrings().length > 0 || /[*?[\]]|^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const fileName = segments[segments.length - 1];
  if (!fileName || path.endsWith('/') || isSecretFolderName(fileName)) return undefined;
  const target = copiedTo(stage, transfer, fileName);
  if (!target) return undefined;
  // A tool may read the file without naming it (an .npmrc, a netrc): then every RUN after the copy gets it.
  const naming = runsReading(model, stage, transfer.instruction, new RegExp(`${fileName.replace(/[^A-Za-z0-9_]/g, '\\$&')}(?![A-Za-z0-9_])`));
  const runs = naming.length > 0 ? naming : runsReading(model, stage, transfer.instruction, /(?:)/);
  if (runs.length === 0) return undefined;
  const ssh = secretFileKind(fileName) === SSH_PRIVATE_KEY;
  const used = mountedSecretIds(model);
  const id = secretIdFor(fileName, (candidate) => used.has(candidate) || reserved.has(candidate));
  if (!ssh) reserved.add(id);
  const edits: TextEdit[] = [];
  const syntax = syntaxDirectiveEdit(model);
  if (syntax) edits.push(syntax);
  edits.push(removeSource(model, transfer, source));
  // One SSH agent mount per RUN is enough, whatever number of keys it replaces.
  for (const run of runs) if (!(ssh && mountsSshAgent(run))) edits.push(mountFlagEdit(run, ssh ? 'type=ssh' : `type=secret,id=${id},target=${target}`));
  const on = runs.length === 1 ? 'the RUN' : `${runs.length} RUNs`;
  const title = ssh
    ? `Stop copying ${fileName} and give ${on} the build's SSH agent with --mount=type=ssh (build with --ssh default)`
    : `Stop copying ${fileName} and mount it at ${target} on ${on} as the BuildKit secret "${id}" (build with --secret id=${id},src=${path})`;
  return { title, safe: false, edits };
}

function mountsSshAgent(run: Instruction): boolean {
  return (run as Run).getFlags().some((flag) => flag.getName().toLowerCase() === 'mount' && /(?:^|,)type=ssh(?:,|$)/.test(flag.getValue() ?? ''));
}

/** Where the file `fileName` lands: the destination, or the file of that name in it when it names a folder. */
function copiedTo(stage: DockerfileStage, transfer: FileTransfer, fileName: string): string | undefined {
  const destination = transfer.destination.value;
  if (!destination || /[$*?]|\s/.test(destination)) return undefined;
  const folder = transfer.sources.length > 1 || /(?:^|\/)\.{0,2}$/.test(destination);
  const absolute = destination.startsWith('/') ? destination : joinPath(workdirBefore(stage, transfer.instruction), destination);
  if (absolute === undefined) return undefined;
  return normalize(folder ? `${absolute}/${fileName}` : absolute);
}

/** The WORKDIR the stage sets before `instruction`; undefined when it sets none (the base image's is unknown) or sets it from a variable. */
function workdirBefore(stage: DockerfileStage, instruction: Instruction): string | undefined {
  let workdir: string | undefined;
  for (const earlier of stage.instructions) {
    if (earlier === instruction) break;
    if (earlier.keyword !== 'WORKDIR') continue;
    const value = earlier.getArgumentsContent()?.trim();
    if (!value || /[$\s"']/.test(value)) return undefined;
    workdir = value.startsWith('/') ? value : joinPath(workdir, value);
  }
  return workdir;
}

function joinPath(folder: string | undefined, path: string): string | undefined {
  return folder === undefined ? undefined : `${folder}/${path}`;
}

/** `/app/./x/../.npmrc` → `/app/.npmrc`. */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** The source taken out of its COPY/ADD with the space before it (after it, for the first), or the whole instruction when it is the only one. */
function removeSource(model: DockerfileModel, transfer: FileTransfer, source: InstructionArgument): TextEdit {
  const { sources } = transfer;
  const index = sources.indexOf(source);
  if (sources.length === 1) return removeInstruction(model, transfer.instruction);
  if (index === 0) return { range: { start: source.range.start, end: sources[1].range.start }, newText: '' };
  return { range: { start: sources[index - 1].range.end, end: source.range.end }, newText: '' };
}
