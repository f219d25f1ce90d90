import type { LineIndex } from '../text';
import type { Fix, ImageFacts, ImageFactsProvider, Position, RelatedLocation, Range } from '../types';
import { builtDockerfile } from './build';
import { buildArgs, resolvedText, scalarText, serviceEntry, type ComposeModel, type ComposeService } from './compose';
import { argDeclarations, type DockerfileModel } from './dockerfile';
import { canonicalImage, parseImageReference, type ImageReference } from './image-ref';
import { expandVariables } from './variables';
import { derived } from './derived';

/** An image a file pulls: a stage's base image or a Compose service's image. */
export interface PulledImage {
  reference: ImageReference;
  /** The reference where it is written (the FROM argument, the `image:` value). */
  range: Range;
  /** Set when the text uses variables: the written text, before expansion. */
  written?: string;
  related?: RelatedLocation[];
  /**
   * Where `@<digest>` goes to pin the reference: after the text as written, or after the default
   * of the ARG the reference ends with; undefined when no single place pins it (a Compose alias).
   */
  pinAt?: Position;
  /** Only the last component of the reference is known (see StageBase.lastComponent): its tag and digest, not its registry. */
  partlyKnown?: boolean;
}

/**
 * The base images whose tag and digest are judged: those of dockerfileImages, then those whose
 * registry or path comes from variables without a value, read from their literal last component
 * (`FROM ${REGISTRY}/ubuntu`): enough to judge their tag and digest.
 */
export function judgedDockerfileImages(model: DockerfileModel): readonly PulledImage[] {
  // Three rules judge them: listed once per model.
  return derived(model, readJudgedDockerfileImages);
}

function readJudgedDockerfileImages(model: DockerfileModel): readonly PulledImage[] {
  let images: PulledImage[] | undefined;
  for (const stage of model.stages) {
    const reference = stage.base?.lastComponent;
    if (reference) (images ??= [...dockerfileImages(model)]).push({ reference, range: stage.base!.range, partlyKnown: true });
  }
  return images ?? dockerfileImages(model);
}

/** The base images of every stage of a Dockerfile (not `scratch`, not earlier stages). */
export function dockerfileImages(model: DockerfileModel): readonly PulledImage[] {
  // Several rules read them: listed once per model.
  return derived(model, readDockerfileImages);
}

function readDockerfileImages(model: DockerfileModel): PulledImage[] {
  const images: PulledImage[] = [];
  for (const stage of model.stages) {
    const base = stage.base;
    if (!base?.reference) continue;
    images.push({
      reference: base.reference,
      range: base.range,
      written: base.fromVariables ? base.text : undefined,
      related: base.fromVariables ? argDefinitions(model, base.text) : undefined,
      pinAt: (base.fromVariables ? argDefaultEnd(model, base.text) : undefined) ?? base.range.end,
    });
  }
  return images;
}

function argDefinitions(model: DockerfileModel, text: string): RelatedLocation[] | undefined {
  const related: RelatedLocation[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword === 'FROM') break;
    for (const property of argDeclarations(instruction)) {
      if (usesVariable(text, property.getName())) related.push({ range: property.getRange(), message: `${property.getName()} defaults to "${property.getValue() ?? ''}" here` });
    }
  }
  return related.length > 0 ? related : undefined;
}

/** The end of the default of the global ARG a FROM text ends with (`FROM ${BASE}`, `FROM node:$TAG`), inside its quotes. */
function argDefaultEnd(model: DockerfileModel, text: string): Position | undefined {
  const name = /\$(?:\{(\w+)\}|(\w+))$/.exec(text)?.slice(1).find((group) => group !== undefined);
  let end: Position | undefined;
  for (const instruction of model.instructions) {
    if (instruction.keyword === 'FROM') break;
    for (const property of argDeclarations(instruction)) {
      const valueRange = property.getValueRange();
      if (property.getName() === name && valueRange) end = endInsideQuotes(model.lines, valueRange);
    }
  }
  return end;
}

/** The end of a value, before its closing quote when it is quoted. */
function endInsideQuotes(lines: LineIndex, range: Range): Position {
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  const quote = lines.text[start];
  const quoted = end - start >= 2 && (quote === '"' || quote === "'") && lines.text[end - 1] === quote;
  return quoted ? lines.positionAt(end - 1) : range.end;
}

/** An image a Compose service runs: the one it pulls, or the base image of the one it builds. */
export interface ServiceImage extends PulledImage {
  service: string;
  /** How a message introduces the image: `Service "web" uses`, `Service "api" builds on`. */
  subject: string;
}

/** Whether a text refers to a variable (`$NAME`, `${NAME}`, `${NAME:-...}`). */
function usesVariable(text: string, name: string): boolean {
  return new RegExp(`\\$\\{?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`).test(text);
}

/**
 * The images Compose services pull, and the base images of the images they build when a
 * `build.args` value chooses them (`ARG TAG` + `FROM node:${TAG}`): those are anchored at the build
 * argument, with the Dockerfile's FROM as related information. A base image the Dockerfile chooses
 * alone is the Dockerfile's own finding. An `image:` beside `build:` names the image built, not one
 * pulled, and is left out.
 */
export function composeImages(model: ComposeModel): readonly ServiceImage[] {
  // Six rules read them: parsed once per model (a model belongs to one lint).
  return derived(model, serviceImages);
}

function serviceImages(model: ComposeModel): ServiceImage[] {
  const images: ServiceImage[] = [];
  for (const service of model.services) {
    if (serviceEntry(model, service, 'build') !== undefined) {
      images.push(...builtBaseImages(model, service));
      continue;
    }
    const entry = serviceEntry(model, service, 'image');
    if (!entry || entry === 'unknown' || !entry.value) continue;
    const written = scalarText(entry.value);
    const text = resolvedText(model, entry.value);
    const reference = text === undefined ? undefined : parseImageReference(text);
    if (!reference) continue;
    images.push({
      service: service.name,
      subject: `Service "${service.name}" uses`,
      reference,
      range: entry.value.range,
      written: written !== text ? written : undefined,
      related: entry.value.definedAt ? [{ range: entry.value.definedAt, message: 'the image is defined here' }] : undefined,
      // An interpolated reference is pinned in the file or the .env that sets it: no single place here.
      pinAt: entry.value.definedAt || written !== text ? undefined : endInsideQuotes(model.lines, entry.value.range),
    });
  }
  return images;
}

/** The base images of a service's build that its `build.args` choose through the Dockerfile's global ARGs. */
function builtBaseImages(model: ComposeModel, service: ComposeService): ServiceImage[] {
  const args = buildArgs(model, service);
  if (args.length === 0) return [];
  const built = builtDockerfile(model, service, model.project.uri, model.project.workspace, model.project.dockerfiles);
  if (!built) return [];
  const passed = new Map(args.filter((arg) => built.model.globalArgs.has(arg.name)).map((arg) => [arg.name, arg]));
  const images: ServiceImage[] = [];
  for (const stage of built.model.stages) {
    const base = stage.base;
    if (!base?.fromVariables) continue;
    const used = [...passed.values()].filter((arg) => usesVariable(base.text, arg.name));
    // An argument named without a value (`- TAG`) takes the shell's value: unknown to a linter.
    if (used.length === 0 || used.some((arg) => arg.resolved === undefined)) continue;
    const resolved = expandVariables(base.text, (name) => passed.get(name)?.resolved ?? built.model.globalArgs.get(name));
    const lower = resolved?.toLowerCase();
    if (lower === undefined || lower === 'scratch' || built.model.stages.some((s) => s.index < stage.index && s.name === lower)) continue;
    const reference = parseImageReference(resolved!);
    if (!reference) continue;
    const from = built.location ? { uri: built.location, range: base.range } : { range: built.buildRange };
    images.push({
      service: service.name,
      subject: `Service "${service.name}" builds on`,
      reference,
      range: used[0].range,
      written: base.text,
      related: [
        { ...from, message: `the Dockerfile's FROM takes ${used.map((arg) => arg.name).join(', ')} from the build arguments` },
        ...(used[0].definedAt ? [{ range: used[0].definedAt, message: `${used[0].name} is defined here` }] : []),
      ],
    });
  }
  return images;
}

/** How a finding names an image: as written, with what it resolves to when they differ. */
export function describeImage(image: PulledImage): string {
  const named = image.written ? `"${image.written}" (${image.reference.text})` : `"${image.reference.text}"`;
  const invalid = image.reference.invalidDigest;
  return invalid === undefined ? named : `${named}, whose "@${invalid}" is not a digest (a digest is sha256: and 64 hex digits),`;
}

/** What the registry said about an image, when the caller gave image facts and they are known. */
export function factsOf(image: PulledImage, provider: ImageFactsProvider | undefined): ImageFacts | undefined {
  // Docker refuses a reference with something else than a digest after `@`: there is nothing to look up.
  if (image.reference.invalidDigest !== undefined || image.partlyKnown) return undefined;
  return provider?.lookup(canonicalImage(image.reference));
}

/**
 * The quick fix that pins a reference to the digest its tag points to now (the multi-platform
 * index's digest), keeping the tag for the humans. Only with a digest from the registry.
 */
export function pinToDigestFixes(image: PulledImage, facts: ImageFacts | undefined): Fix[] | undefined {
  if (!facts?.digest || !image.pinAt || image.reference.digest !== undefined) return undefined;
  const at = image.pinAt;
  return [{ title: `Pin to digest ${shortDigest(facts.digest)}`, safe: false, edits: [{ range: { start: at, end: at }, newText: `@${facts.digest}` }] }];
}

/** `sha256:0123456789ab…`: enough of a digest for a person to tell two apart. */
export function shortDigest(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}
