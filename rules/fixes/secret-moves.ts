import type { Instruction, Property } from '../model/dockerfile-syntax';
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { builtDockerfile, servicesBuilding, type BuildingService } from '../model/build';
import { composeLiteral, environment as composeEnvironment, resolvedText, type ComposeModel, type ComposeService, type EnvironmentVariable } from '../model/compose';
import { argDeclarations, type DockerfileModel, type DockerfileStage } from '../model/dockerfile';
import { readsFileVariable } from '../model/file-secret-images';
import { parseImageReference, type ImageReference } from '../model/image-ref';
import type { FileChange, Fix, TextEdit } from '../types';
import { folderOf, resolveLocation, type WorkspaceView } from '../workspace';
import { removeAssignment } from './compose-fixes';
import { removeProperty } from './dockerfile-edits';
import { addServiceKey, insertLineBefore } from './edits';
import { composeEnvFileLine, dockerEnvFileLine, keepValue, secretIdFor, type ReservedFiles } from './secret-files';
import { appendMapEntry, appendSequenceItem, indentStep, nodeSpan, ownPair, replaceSpan, yamlScalar } from './yaml-edits';

/**
 * The fixes that move a secret out of an `ENV`, an `ARG` or a Compose variable, chosen by what the
 * value is for. A variable the build's RUNs read becomes a BuildKit secret mounted on those RUNs. One
 * read only at run time leaves the image and is given to the container when it starts: as a Compose
 * secret (`<NAME>_FILE`) to an image known to read that, else under its own name from a git-ignored
 * env file. Every value removed is first kept in a file of the git-ignored secrets folder (see
 * secret-files.ts), which the fix's title names. All change how the program receives the value, so
 * all are unsafe.
 */

// Dockerfile: a BuildKit secret mount

/** A variable's name as a regular expression matching `$NAME` and `${NAME...}` in a RUN. */
function referenceTo(name: string): RegExp {
  return new RegExp(`\\$\\{?${name.replace(/[^A-Za-z0-9_]/g, '\\$&')}(?![A-Za-z0-9_])`);
}

/**
 * The RUNs after a variable's ENV or ARG in its stage that read it. None: the value is then meant for
 * run time, where a build secret cannot help.
 */
function runsReadingVariable(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, property: Property): Instruction[] {
  return runsReading(model, stage, instruction, referenceTo(property.getName()));
}

/**
 * Removes a variable's pair from its ENV (or the whole ARG/ENV when it is the only pair) and mounts
 * the secret as that variable on `runs`, the RUNs that read it (runsReadingVariable), and no others.
 */
function buildSecretMountEdits(model: DockerfileModel, instruction: Instruction, property: Property, properties: Property[], id: string, runs: Instruction[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const syntax = syntaxDirectiveEdit(model);
  if (syntax) edits.push(syntax);
  edits.push(removeProperty(model, instruction, property, properties));
  for (const run of runs) edits.push(mountFlagEdit(run, `type=secret,id=${id},env=${property.getName()}`));
  return edits;
}

/** The RUNs after `instruction` in its stage whose text matches `reference`. */
export function runsReading(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, reference: RegExp): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === 'RUN' && i.getRange().start.line > instruction.getRange().end.line && reference.test(instructionText(model, i)));
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

/**
 * The BuildKit secret mount fix for a secret ENV or ARG pair, when RUNs after it in its stage read
 * it (undefined exactly when none does, given a workspace): its value (if the file gives one) kept
 * in `secrets/<id>.txt` beside the Dockerfile, the build's `--secret` source. Not offered without
 * the workspace, where the value could not be kept.
 */
export function buildSecretMountFix(model: DockerfileModel, documentUri: string, workspace: WorkspaceView | undefined, stage: DockerfileStage, instruction: Instruction, property: Property, properties: Property[], reserved: ReservedFiles): Fix | undefined {
  const name = property.getName();
  const value = property.getValue() ?? '';
  if (!workspace) return undefined;
  const runs = runsReadingVariable(model, stage, instruction, property);
  if (runs.length === 0) return undefined;
  const used = mountedSecretIds(model);
  const kept = value === '' ? undefined : keepValue(documentUri, workspace, name, value, 'txt', reserved, (candidate) => used.has(candidate));
  const id = kept?.id ?? secretIdFor(name, (candidate) => used.has(candidate) || reserved.has(`${candidate}.txt`));
  const edits = buildSecretMountEdits(model, instruction, property, properties, id, runs);
  const on = runs.length === 1 ? 'the RUN that reads it' : `the ${runs.length} RUNs that read it`;
  const source = kept ? `src=${kept.path}` : `env=${name}`;
  const keptIn = kept ? `, its value kept in ${kept.path}` : '';
  return { title: `Move ${name} to a BuildKit secret mount on ${on}${keptIn} (build with --secret id=${id},${source})`, safe: false, edits, files: kept?.changes };
}

/**
 * For an ENV secret no RUN reads, in a Dockerfile no Compose service builds: the pair taken out of
 * the image and its line kept in `secrets/<id>.env` beside the Dockerfile, for
 * `docker run --env-file` to give the container the same variable at run time.
 */
function runTimeEnvFileFix(model: DockerfileModel, documentUri: string, workspace: WorkspaceView | undefined, instruction: Instruction, property: Property, properties: Property[], reserved: ReservedFiles): Fix | undefined {
  const name = property.getName();
  const line = dockerEnvFileLine(name, property.getValue() ?? '');
  if (!workspace || !line) return undefined;
  const kept = keepValue(documentUri, workspace, name, line, 'env', reserved);
  return {
    title: `Take ${name} out of the image and keep it in ${kept.path}, for the container at run time (docker run --env-file ${kept.path})`,
    safe: false,
    edits: [removeProperty(model, instruction, property, properties)],
    files: kept.changes,
  };
}

// Compose: a top-level secret, or an env file

interface ComposeSecretPlan {
  id: string;
  /** The top-level `secrets:` entry's lines below `<id>:` (`file: ...` or `environment: ...`); undefined when the file declares it already. */
  source?: string;
  /** The secret file created and the `.gitignore` line, when the value moves to a file. */
  changes: FileChange[];
}

/** The file's top-level secrets: each id with the file it reads, if it reads one. */
function declaredSecrets(model: ComposeModel): Map<string, string | undefined> {
  const root = model.doc.contents;
  const secrets = isMap(root) ? ownPair(root, 'secrets')?.value : undefined;
  const declared = new Map<string, string | undefined>();
  if (!isMap(secrets)) return declared;
  for (const pair of secrets.items) {
    const file = isMap(pair.value) ? ownPair(pair.value, 'file')?.value : undefined;
    declared.set(String((pair.key as { value?: unknown } | null)?.value), isScalar(file) && typeof file.value === 'string' ? file.value : undefined);
  }
  return declared;
}

/**
 * Plans the secret for `name`: one the file declares already from a file holding this very value
 * (identical values share one secret), or a new one, whose id no top-level secret and no file of
 * `secrets/` uses, read from a file holding the value or from the build's environment variable
 * `fromEnvironment`.
 */
function planComposeSecret(model: ComposeModel, documentUri: string, workspace: WorkspaceView, name: string, value: { literal: string } | { fromEnvironment: string }, reserved: ReservedFiles): ComposeSecretPlan {
  const declared = declaredSecrets(model);
  if ('fromEnvironment' in value) {
    const id = secretIdFor(name, (candidate) => declared.has(candidate) || reserved.has(candidate));
    reserved.set(id, '');
    return { id, source: `environment: ${value.fromEnvironment}`, changes: [] };
  }
  for (const [id, file] of declared) {
    if (file !== undefined && workspace.readFile(resolveLocation(folderOf(documentUri), file)) === value.literal) return { id, changes: [] };
  }
  const kept = keepValue(documentUri, workspace, name, value.literal, 'txt', reserved, (candidate) => declared.has(candidate) || reserved.has(candidate));
  const source = declared.has(kept.id) ? undefined : `file: ./${kept.path}`;
  return { id: kept.id, source, changes: kept.changes };
}

/** The edit declaring a planned secret at the top level of the Compose file (none when it is declared); undefined when its `secrets:` cannot be edited safely. */
function declareComposeSecret(model: ComposeModel, plan: ComposeSecretPlan): TextEdit[] | undefined {
  if (plan.source === undefined) return [];
  const root = model.doc.contents;
  if (!isMap(root) || root.flow) return undefined;
  const pair = ownPair(root, 'secrets');
  const edit = !pair
    ? appendMapEntry(model, root, 'secrets', { lines: [`${plan.id}:`, `${' '.repeat(indentStep(model))}${plan.source}`] })
    : !isMap(pair.value)
      ? undefined
      : pair.value.flow
        ? appendMapEntry(model, pair.value, plan.id, `{${plan.source}}`)
        : appendMapEntry(model, pair.value, plan.id, { lines: [plan.source] });
  return edit && [edit];
}

/** Adds `id` to a mapping's `secrets` list (a service's, or its `build`'s), or the key `secrets: [id]`; nothing when it is there. */
function addSecretReference(model: ComposeModel, map: YAMLMap, id: string, addKey: (key: string, value: string) => TextEdit | undefined): TextEdit[] | undefined {
  const pair = ownPair(map, 'secrets');
  if (!pair) {
    const edit = addKey('secrets', `[${id}]`);
    return edit && [edit];
  }
  if (!isSeq(pair.value)) return undefined;
  if (pair.value.items.some((item) => (isScalar(item) ? item.value : isMap(item) ? ownPair(item, 'source')?.value?.toString() : undefined) === id)) return [];
  const edit = appendSequenceItem(model, pair.value, id);
  return edit && [edit];
}

/** The service's reference to a planned secret, then its top-level declaration (in that order, should both land at the end of the file). */
function grantSecret(model: ComposeModel, service: ComposeService, plan: ComposeSecretPlan): TextEdit[] | undefined {
  // A list merged in from elsewhere would be replaced, not extended, by a `secrets:` of the service's own.
  if (service.entries.get('secrets')?.definedAt) return undefined;
  const reference = addSecretReference(model, service.node, plan.id, (key, value) => addServiceKey(model, service, `${key}: ${value}`));
  const declaration = declareComposeSecret(model, plan);
  return reference && declaration && [...reference, ...declaration];
}

/** Adds `./<path>` to a service's `env_file` (after the files it lists, so that its values win), or the key `env_file: [./<path>]`; nothing when it is there. */
function addEnvFile(model: ComposeModel, service: ComposeService, path: string): TextEdit[] | undefined {
  const entry = service.entries.get('env_file');
  if (entry?.definedAt || entry?.value?.definedAt) return undefined;
  const item = `./${path}`;
  const pair = ownPair(service.node, 'env_file');
  const names = (node: unknown) => [item, path].includes(String(isScalar(node) ? node.value : isMap(node) ? ownPair(node, 'path')?.value?.toString() : ''));
  if (!pair) {
    const edit = addServiceKey(model, service, `env_file: [${item}]`);
    return edit && [edit];
  }
  if (isSeq(pair.value)) {
    if (pair.value.items.some(names)) return [];
    const edit = appendSequenceItem(model, pair.value, item);
    return edit && [edit];
  }
  if (!isScalar(pair.value) || typeof pair.value.value !== 'string') return undefined;
  if (names(pair.value)) return [];
  const span = nodeSpan(model, pair.value);
  return [replaceSpan(model, span, `[${model.text.slice(...span)}, ${item}]`)];
}

/** The image a service runs, when it names one (not a service it builds from a Dockerfile). */
function serviceImage(model: ComposeModel, service: ComposeService): ImageReference | undefined {
  if (service.entries.has('build')) return undefined;
  const entry = service.entries.get('image');
  const text = entry?.value ? resolvedText(model, entry.value) : undefined;
  return text === undefined ? undefined : parseImageReference(text);
}

function composeSecretTitle(name: string, id: string, readsFile: boolean, where = ''): string {
  return `Move ${name} to the Compose secret "${id}"${where} (${readsFile ? 'the image reads' : 'the image must read'} ${name}_FILE)`;
}

function envFileTitle(name: string, path: string, where = ''): string {
  return `Move the value of ${name} to ${path}, read with env_file${where} (the program keeps reading ${name})`;
}

/**
 * The fixes of a service's secret variable: a Compose secret read through `<NAME>_FILE` first for
 * an image known to read that, else the value moved to an env file under the same name first (the
 * program reads it as before), the other one offered too.
 */
export function composeVariableFixes(model: ComposeModel, documentUri: string, workspace: WorkspaceView | undefined, service: ComposeService, variable: EnvironmentVariable, reserved: ReservedFiles): Fix[] | undefined {
  if (!workspace || variable.value === undefined || variable.definedAt || !variable.valueOffsets) return undefined;
  const literal = composeLiteral(variable.value);
  if (literal === undefined) return undefined;
  const readsFile = readsFileVariable(serviceImage(model, service), variable.name);
  const secret = composeSecretFix(model, documentUri, workspace, service, variable, literal, readsFile, reserved);
  const envFile = composeEnvFileFix(model, documentUri, workspace, service, variable, literal, reserved);
  const fixes = (readsFile ? [secret, envFile] : [envFile, secret]).filter((fix): fix is Fix => fix !== undefined);
  return fixes.length > 0 ? fixes : undefined;
}

/** The variable becomes `<NAME>_FILE` pointing at `/run/secrets/<id>`, the secret the service is given. */
function composeSecretFix(model: ComposeModel, documentUri: string, workspace: WorkspaceView, service: ComposeService, variable: EnvironmentVariable, literal: string, readsFile: boolean, reserved: ReservedFiles): Fix | undefined {
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
  return { title: composeSecretTitle(variable.name, plan.id, readsFile), safe: false, edits: [replacement, ...grant], files: plan.changes };
}

/** The variable taken out of `environment` and its line kept in `secrets/<id>.env`, which the service reads with `env_file`. */
function composeEnvFileFix(model: ComposeModel, documentUri: string, workspace: WorkspaceView, service: ComposeService, variable: EnvironmentVariable, literal: string, reserved: ReservedFiles): Fix | undefined {
  const line = composeEnvFileLine(variable.name, literal);
  if (!line) return undefined;
  const kept = keepValue(documentUri, workspace, variable.name, line, 'env', reserved);
  const removal = removeAssignment(model, service.node, 'environment', variable);
  const envFile = addEnvFile(model, service, kept.path);
  if (!removal || !envFile) return undefined;
  return { title: envFileTitle(variable.name, kept.path), safe: false, edits: [removal, ...envFile], files: kept.changes };
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
 * For an ENV secret of a Dockerfile's final stage that no RUN reads, the value is for run time: the
 * pair removed from the Dockerfile and the value given to the container when it starts. For each
 * Compose service that builds the Dockerfile: as a Compose secret read through `<NAME>_FILE` (first
 * when the base image is known to read it) and from an env file under its own name; when none
 * does, from an env file for `docker run --env-file`. A variable the service's `environment` sets
 * too is replaced there when it holds the same value; when it holds another, that value wins at
 * run time and the service is left to its own finding.
 */
export function runTimeEnvFixes(model: DockerfileModel, documentUri: string, workspace: WorkspaceView | undefined, stage: DockerfileStage, instruction: Instruction, property: Property, properties: Property[], reserved: ReservedFiles): Fix[] {
  const name = property.getName();
  const value = property.getValue();
  if (!workspace || !value) return [];
  const services = servicesBuildingOnce(documentUri, workspace);
  if (services.length === 0) {
    const envFile = runTimeEnvFileFix(model, documentUri, workspace, instruction, property, properties, reserved);
    return envFile ? [envFile] : [];
  }
  const readsFile = readsFileVariable(stage.base?.reference, name);
  const removal = removeProperty(model, instruction, property, properties);
  const fixes: Fix[] = [];
  for (const { composeUri: uri, model: compose, service } of services) {
    const environment = service.entries.get('environment');
    if (environment?.definedAt || environment?.value?.definedAt) continue;
    const variables = new Map(composeEnvironment(compose, service).map((variable) => [variable.name, variable]));
    const existing = variables.get(name);
    if (variables.has(`${name}_FILE`) || (existing && (existing.value === undefined || composeLiteral(existing.value) !== value))) continue;
    const where = ` of service "${service.name}" in ${uri.slice(uri.lastIndexOf('/') + 1)}`;
    const replaced = existing && removeAssignment(compose, service.node, 'environment', existing);
    if (existing && !replaced) continue;
    const withEdits = (title: string, composeEdits: TextEdit[] | undefined, changes: FileChange[]): Fix | undefined =>
      composeEdits && { title, safe: false, edits: [removal], files: [{ kind: 'edit', uri, edits: [...(replaced ? [replaced] : []), ...composeEdits] }, ...changes] };
    const plan = planComposeSecret(compose, uri, workspace, name, { literal: value }, new Map());
    const variable = `${name}_FILE`;
    const pair = ownPair(service.node, 'environment');
    const onlyReplaced = replaced && isMap(pair?.value) && pair.value.items.length === 1;
    const addVariable = !pair || onlyReplaced
      ? addServiceKey(compose, service, `environment: {${variable}: /run/secrets/${plan.id}}`)
      : isMap(pair.value)
        ? appendMapEntry(compose, pair.value, variable, `/run/secrets/${plan.id}`)
        : isSeq(pair.value) && !(replaced && pair.value.items.length === 1)
          ? appendSequenceItem(compose, pair.value, `${variable}=/run/secrets/${plan.id}`)
          : undefined;
    const grant = grantSecret(compose, service, plan);
    const secret = withEdits(composeSecretTitle(name, plan.id, readsFile, where), addVariable && grant && [addVariable, ...grant], plan.changes);
    const line = composeEnvFileLine(name, value);
    const kept = line === undefined ? undefined : keepValue(uri, workspace, name, line, 'env', new Map());
    const envFile = kept && withEdits(envFileTitle(name, kept.path, where), addEnvFile(compose, service, kept.path), kept.changes);
    for (const fix of readsFile ? [secret, envFile] : [envFile, secret]) if (fix) fixes.push(fix);
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
export function buildSecretFix(model: ComposeModel, documentUri: string, workspace: WorkspaceView | undefined, dockerfiles: Map<string, DockerfileModel | undefined>, service: ComposeService, arg: EnvironmentVariable, reserved: ReservedFiles): Fix | undefined {
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
        // Removing the ARG would lose its default: its own finding keeps that value first.
        if (property.getValue()) return undefined;
        const runs = runsReadingVariable(built.model, stage, instruction, property);
        if (runs.length === 0) continue;
        // Two stages add the same syntax line: once is enough.
        for (const edit of buildSecretMountEdits(built.model, instruction, property, argDeclarations(instruction), plan.id, runs)) dockerfileEdits.set(JSON.stringify(edit), edit);
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
    edits: [removal, ...reference, ...declaration],
    files: [{ kind: 'edit', uri: built.location, edits: [...dockerfileEdits.values()] }, ...plan.changes],
  };
}
