import type { Instruction, Property } from '../model/dockerfile-syntax';
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { builtDockerfile, servicesBuilding, type BuildingService } from '../model/build';
import type { ComposeModel, ComposeService, EnvironmentVariable } from '../model/compose';
import { argDeclarations, type DockerfileModel, type DockerfileStage } from '../model/dockerfile';
import { LineIndex } from '../text';
import type { FileChange, Fix, TextEdit } from '../types';
import { folderOf, resolveLocation, type WorkspaceView } from '../workspace';
import { removeAssignment } from './compose-fixes';
import { removeProperty } from './dockerfile-edits';
import { addServiceKey, insertLineBefore } from './edits';
import { appendMapEntry, appendSequenceItem, indentStep, ownPair, yamlScalar } from './yaml-edits';

/**
 * The fixes that move a secret out of an `ENV`, an `ARG` or a Compose variable: into a BuildKit
 * secret mount on the RUN instructions that read it, or into a Compose secret whose value lives in a
 * file kept out of Git. All change how the program receives the value, so all are unsafe.
 */

/** A secret id as Compose and BuildKit accept it, derived from the variable's name. */
export function secretIdFor(name: string, taken: (id: string) => boolean): string {
  const base = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^[_.-]+/, '') || 'secret';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}_${n}`;
  return id;
}

// Dockerfile: a BuildKit secret mount

/**
 * Removes a variable's pair from its ENV (or the whole ARG/ENV when it is the only pair) and mounts
 * the secret as that variable on the RUNs after it in the stage that name it, or all of them when
 * none does (a tool may read it from the environment unnamed). Undefined when no RUN follows: the
 * value is then meant for run time, where a build secret cannot help.
 */
function buildSecretMountEdits(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, property: Property, properties: Property[], chosenId?: string): { edits: TextEdit[]; id: string; runs: number } | undefined {
  const name = property.getName();
  const runs = runsNeeding(model, stage, instruction, new RegExp(`\\$\\{?${name.replace(/[^A-Za-z0-9_]/g, '\\$&')}(?![A-Za-z0-9_])`));
  if (runs.length === 0) return undefined;
  const usedIds = mountedSecretIds(model);
  const id = chosenId ?? secretIdFor(name, (candidate) => usedIds.has(candidate));
  const edits: TextEdit[] = [];
  const syntax = syntaxDirectiveEdit(model);
  if (syntax) edits.push(syntax);
  edits.push(removeProperty(model, instruction, property, properties));
  for (const run of runs) edits.push(mountFlagEdit(run, `type=secret,id=${id},env=${name}`));
  return { edits, id, runs: runs.length };
}

/** The RUNs after `instruction` in its stage whose text matches `reference`, or all of them when none does. */
export function runsNeeding(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, reference: RegExp): Instruction[] {
  const after = stage.instructions.filter((i) => i.keyword === 'RUN' && i.getRange().start.line > instruction.getRange().end.line);
  const naming = after.filter((run) => reference.test(instructionText(model, run)));
  return naming.length > 0 ? naming : after;
}

const mountedIds = new WeakMap<DockerfileModel, ReadonlySet<string>>();

/** The secret ids the Dockerfile's mounts already use, lowercased; read once per model (every secret finding asks). */
export function mountedSecretIds(model: DockerfileModel): Set<string> {
  let ids = mountedIds.get(model);
  if (!ids) {
    ids = new Set([...model.text.matchAll(/[,\s]id=([A-Za-z0-9_.-]+)/g)].map((match) => match[1].toLowerCase()));
    mountedIds.set(model, ids);
  }
  // A copy: callers add the ids they choose.
  return new Set(ids);
}

/** `--mount=<mount>` added to a RUN, right after its keyword. */
export function mountFlagEdit(run: Instruction, mount: string): TextEdit {
  const keywordEnd = run.getInstructionRange().end;
  return { range: { start: keywordEnd, end: keywordEnd }, newText: ` --mount=${mount}` };
}

/** `# syntax=docker/dockerfile:1` as the first line when the file names no frontend: `env=` mounts need a recent one. */
export function syntaxDirectiveEdit(model: DockerfileModel): TextEdit | undefined {
  if (model.ast.getDirectives().some((directive) => directive.getName().toLowerCase() === 'syntax')) return undefined;
  // Before any other parser directive: they are only read at the very top of the file.
  return insertLineBefore(model.lines, 0, '# syntax=docker/dockerfile:1');
}

function instructionText(model: DockerfileModel, instruction: Instruction): string {
  const { start, end } = instruction.getRange();
  return model.text.slice(model.lines.offsetAt(start), model.lines.offsetAt(end));
}

/** The BuildKit secret mount fix for a secret ENV or ARG pair, when RUNs follow it in its stage. */
export function buildSecretMountFix(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, property: Property, properties: Property[]): Fix | undefined {
  const mount = buildSecretMountEdits(model, stage, instruction, property, properties);
  if (!mount) return undefined;
  const name = property.getName();
  const on = mount.runs === 1 ? 'the RUN' : `${mount.runs} RUNs`;
  return { title: `Move ${name} to a BuildKit secret mount on ${on} (build with --secret id=${mount.id},env=${name})`, safe: false, edits: mount.edits };
}

// Compose: a top-level secret

/** Where a Compose file's secrets go: `secrets/<id>.txt` beside it, a folder `.gitignore` keeps out of Git. */
const SECRETS_FOLDER = 'secrets';

interface ComposeSecretPlan {
  id: string;
  /** The top-level `secrets:` entry's lines below `<id>:` (`file: ...` or `environment: ...`). */
  source: string;
  /** The secret file to create, when the value moves to a file. */
  file?: { uri: string; text: string };
}

/**
 * Chooses a secret id for `name` not yet used by the file's top-level `secrets`, by `reserved` (ids
 * other findings of this lint chose) or by a file under `secrets/`, and plans its source: a file
 * holding `value`, or the build's environment variable `fromEnvironment`.
 */
function planComposeSecret(model: ComposeModel, documentUri: string, workspace: WorkspaceView, name: string, value: { literal: string } | { fromEnvironment: string }, reserved: Set<string>): ComposeSecretPlan {
  const root = model.doc.contents;
  const existing = isMap(root) ? ownPair(root, 'secrets')?.value : undefined;
  const declared = new Set(isMap(existing) ? existing.items.map((pair) => String((pair.key as { value?: unknown } | null)?.value)) : []);
  const fileUri = (id: string) => resolveLocation(folderOf(documentUri), `${SECRETS_FOLDER}/${id}.txt`);
  const id = secretIdFor(name, (candidate) => declared.has(candidate) || reserved.has(candidate) || ('literal' in value && workspace.readFile(fileUri(candidate)) !== undefined));
  reserved.add(id);
  if ('fromEnvironment' in value) return { id, source: `environment: ${value.fromEnvironment}` };
  return { id, source: `file: ./${SECRETS_FOLDER}/${id}.txt`, file: { uri: fileUri(id), text: value.literal } };
}

/** The edits declaring a planned secret at the top level of the Compose file; undefined when its `secrets:` cannot be edited safely. */
function declareComposeSecret(model: ComposeModel, plan: ComposeSecretPlan): TextEdit | undefined {
  const root = model.doc.contents;
  if (!isMap(root) || root.flow) return undefined;
  const pair = ownPair(root, 'secrets');
  if (!pair) return appendMapEntry(model, root, 'secrets', { lines: [`${plan.id}:`, `${' '.repeat(indentStep(model))}${plan.source}`] });
  if (!isMap(pair.value)) return undefined;
  const map: YAMLMap = pair.value;
  return map.flow ? appendMapEntry(model, map, plan.id, `{${plan.source}}`) : appendMapEntry(model, map, plan.id, { lines: [plan.source] });
}

/** Adds `id` to a mapping's `secrets` list (a service's, or its `build`'s), or the key `secrets: [id]`. */
function addSecretReference(model: ComposeModel, map: YAMLMap, id: string, addKey: (key: string, value: string) => TextEdit | undefined): TextEdit | undefined {
  const pair = ownPair(map, 'secrets');
  if (!pair) return addKey('secrets', `[${id}]`);
  return isSeq(pair.value) ? appendSequenceItem(model, pair.value, id) : undefined;
}

/** The changes to files beside the Compose file: the secret file created, and `secrets/` in `.gitignore`. */
function secretFileChanges(documentUri: string, workspace: WorkspaceView, plan: ComposeSecretPlan): FileChange[] {
  if (!plan.file) return [];
  return [{ kind: 'create', uri: plan.file.uri, text: plan.file.text, secret: true }, ...gitignoreChanges(documentUri, workspace)];
}

const IGNORES_SECRETS = /^\/?secrets(?:\/\**)?[ \t]*$/;

/** `secrets/` added to the `.gitignore` beside the document (created when missing), unless it is there already. */
function gitignoreChanges(documentUri: string, workspace: WorkspaceView): FileChange[] {
  const uri = resolveLocation(folderOf(documentUri), '.gitignore');
  const text = workspace.readFile(uri);
  const line = `${SECRETS_FOLDER}/`;
  if (text === undefined) return [{ kind: 'create', uri, text: `${line}\n` }];
  const lines = new LineIndex(text);
  for (let i = 0; i < lines.lineCount; i++) if (IGNORES_SECRETS.test(lines.lineText(i))) return [];
  return [{ kind: 'edit', uri, edits: [insertLineBefore(lines, lines.lineCount, line)] }];
}

/**
 * The value Compose gives a variable written as `value`: `$$` is a literal `$`. Undefined when it
 * interpolates another variable, whose value the file does not hold.
 */
function composeLiteral(value: string): string | undefined {
  return value.replace(/\$\$/g, '').includes('$') ? undefined : value.replace(/\$\$/g, '$');
}

/** The service's reference to a planned secret, then its top-level declaration (in that order, should both land at the end of the file). */
function grantSecret(model: ComposeModel, service: ComposeService, plan: ComposeSecretPlan): TextEdit[] | undefined {
  // A list merged in from elsewhere would be replaced, not extended, by a `secrets:` of the service's own.
  if (service.entries.get('secrets')?.definedAt) return undefined;
  const reference = addSecretReference(model, service.node, plan.id, (key, value) => addServiceKey(model, service, `${key}: ${value}`));
  const declaration = declareComposeSecret(model, plan);
  return reference && declaration && [reference, declaration];
}

function composeSecretTitle(name: string, id: string, where = ''): string {
  return `Move ${name} to the Compose secret "${id}"${where} (the image must read ${name}_FILE)`;
}

/**
 * Moves a service's variable to a Compose secret: the variable becomes `<NAME>_FILE` pointing at
 * `/run/secrets/<id>`, the convention of the official images (postgres, mysql, ...), which read the
 * value from that file.
 */
export function composeSecretFix(model: ComposeModel, documentUri: string, workspace: WorkspaceView | undefined, service: ComposeService, variable: EnvironmentVariable, reserved: Set<string>): Fix | undefined {
  if (!workspace || variable.value === undefined || variable.definedAt || !variable.valueOffsets) return undefined;
  const literal = composeLiteral(variable.value);
  if (literal === undefined) return undefined;
  const plan = planComposeSecret(model, documentUri, workspace, variable.name, { literal }, reserved);
  const fileVariable = `${variable.name}_FILE`;
  const start = model.lines.offsetAt(variable.range.start);
  const quote = /^["']/.exec(model.text[start])?.[0] ?? '';
  const isPair = isMap(service.entries.get('environment')?.value?.node);
  // The name comes from the file: quoted unless plain, so that it reads back as the same key.
  const item = `${fileVariable}=/run/secrets/${plan.id}`;
  const replacement: TextEdit = { range: variable.range, newText: isPair ? `${yamlScalar(fileVariable)}: /run/secrets/${plan.id}` : quote || yamlScalar(fileVariable) === fileVariable ? `${quote}${item}${quote}` : JSON.stringify(item) };
  const grant = grantSecret(model, service, plan);
  if (!grant) return undefined;
  return { title: composeSecretTitle(variable.name, plan.id), safe: false, edits: [replacement, ...grant], files: secretFileChanges(documentUri, workspace, plan) };
}

/**
 * By the view of one lint (each lint has its own): the services building each Dockerfile. Not by
 * model: a kept model outlives the lint, and the Compose files may have changed since.
 */
const servicesBuildingCache = new WeakMap<WorkspaceView, Map<string, BuildingService[]>>();

/** The Compose services that build the Dockerfile, looked up once per lint however many secrets it holds. */
function servicesBuildingOnce(dockerfileUri: string, workspace: WorkspaceView): BuildingService[] {
  let byDockerfile = servicesBuildingCache.get(workspace);
  if (!byDockerfile) servicesBuildingCache.set(workspace, (byDockerfile = new Map()));
  let found = byDockerfile.get(dockerfileUri);
  if (!found) byDockerfile.set(dockerfileUri, (found = servicesBuilding(dockerfileUri, workspace)));
  return found;
}

/**
 * For an ENV secret of a Dockerfile that a Compose service builds: the pair removed from the
 * Dockerfile, and the service given the secret at run time, as `<NAME>_FILE` in its environment.
 */
export function dockerfileToComposeSecretFixes(model: DockerfileModel, documentUri: string, workspace: WorkspaceView | undefined, instruction: Instruction, property: Property, properties: Property[]): Fix[] {
  const value = property.getValue();
  if (!workspace || !value) return [];
  const fixes: Fix[] = [];
  for (const { composeUri: uri, model: compose, service } of servicesBuildingOnce(documentUri, workspace)) {
    const environment = service.entries.get('environment');
    if (environment?.definedAt || environment?.value?.definedAt) continue;
    const plan = planComposeSecret(compose, uri, workspace, property.getName(), { literal: value }, new Set());
    const variable = `${property.getName()}_FILE`;
    const pair = ownPair(service.node, 'environment');
    const addVariable = !pair
      ? addServiceKey(compose, service, `environment: {${variable}: /run/secrets/${plan.id}}`)
      : isMap(pair.value)
        ? appendMapEntry(compose, pair.value, variable, `/run/secrets/${plan.id}`)
        : isSeq(pair.value)
          ? appendSequenceItem(compose, pair.value, `${variable}=/run/secrets/${plan.id}`)
          : undefined;
    const grant = grantSecret(compose, service, plan);
    if (!addVariable || !grant) continue;
    fixes.push({
      title: composeSecretTitle(property.getName(), plan.id, ` of service "${service.name}" in ${uri.slice(uri.lastIndexOf('/') + 1)}`),
      safe: false,
      edits: [removeProperty(model, instruction, property, properties)],
      files: [{ kind: 'edit', uri, edits: [addVariable, ...grant] }, ...secretFileChanges(uri, workspace, plan)],
    });
  }
  return fixes;
}

/** `$NAME`, `${NAME}` or `${NAME:-default}`: a build argument that only forwards a variable of the environment. */
const FORWARDED_VARIABLE = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?+][^}]*)?\})$/;

/**
 * Moves a Compose build argument to a build secret: the argument removed from \`build.args\`, the
 * secret added to \`build.secrets\` and declared at the top level (from the variable the argument
 * forwarded, or from a file holding its literal value), and, in the Dockerfile the service builds,
 * each stage's \`ARG\` of that name replaced by a secret mount on the RUNs that read it.
 */
export function buildSecretFix(model: ComposeModel, documentUri: string, workspace: WorkspaceView | undefined, dockerfiles: Map<string, DockerfileModel | undefined>, service: ComposeService, arg: EnvironmentVariable, reserved: Set<string>): Fix | undefined {
  const buildPair = ownPair(service.node, 'build');
  if (!workspace || arg.definedAt || !buildPair || !isMap(buildPair.value)) return undefined;
  const build: YAMLMap = buildPair.value;
  const built = builtDockerfile(model, service, documentUri, workspace, dockerfiles);
  if (!built?.location) return undefined;
  const forwarded = arg.value === undefined ? arg.name : FORWARDED_VARIABLE.exec(arg.value.trim())?.slice(1).find((name) => name !== undefined);
  const literal = composeLiteral(arg.value ?? '');
  if (!forwarded && literal === undefined) return undefined;
  const plan = planComposeSecret(model, documentUri, workspace, arg.name, forwarded ? { fromEnvironment: forwarded } : { literal: literal ?? '' }, reserved);
  const dockerfileEdits = new Map<string, TextEdit>();
  for (const stage of built.model.stages) {
    for (const instruction of stage.instructions) {
      for (const property of argDeclarations(instruction)) {
        if (property.getName() !== arg.name) continue;
        const mount = buildSecretMountEdits(built.model, stage, instruction, property, argDeclarations(instruction), plan.id);
        // Two stages add the same syntax line: once is enough.
        for (const edit of mount?.edits ?? []) dockerfileEdits.set(JSON.stringify(edit), edit);
      }
    }
  }
  const removal = removeAssignment(model, build, 'args', arg);
  const reference = addSecretReference(model, build, plan.id, (key, value) => appendMapEntry(model, build, key, value));
  const declaration = declareComposeSecret(model, plan);
  if (dockerfileEdits.size === 0 || !removal || !reference || !declaration) return undefined;
  return {
    title: `Pass ${arg.name} as the build secret "${plan.id}" (build.secrets, and a secret mount in the Dockerfile)`,
    safe: false,
    edits: [removal, reference, declaration],
    files: [{ kind: 'edit', uri: built.location, edits: [...dockerfileEdits.values()] }, ...secretFileChanges(documentUri, workspace, plan)],
  };
}
