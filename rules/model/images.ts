import type { RelatedLocation, Range } from '../types';
import { builtDockerfile } from './build';
import { buildArgs, resolvedText, scalarText, serviceEntry, type ComposeModel, type ComposeService } from './compose';
import type { DockerfileModel } from './dockerfile';
import { parseImageReference, type ImageReference } from './image-ref';
import { expandVariables } from './variables';

/** An image a file pulls: a stage's base image or a Compose service's image. */
export interface PulledImage {
  reference: ImageReference;
  /** The reference where it is written (the FROM argument, the `image:` value). */
  range: Range;
  /** Set when the text uses variables: the written text, before expansion. */
  written?: string;
  related?: RelatedLocation[];
}

/** The base images of every stage of a Dockerfile (not `scratch`, not earlier stages). */
export function dockerfileImages(model: DockerfileModel): PulledImage[] {
  const images: PulledImage[] = [];
  for (const stage of model.stages) {
    const base = stage.base;
    if (!base?.reference) continue;
    images.push({
      reference: base.reference,
      range: base.range,
      written: base.fromVariables ? base.text : undefined,
      related: base.fromVariables ? argDefinitions(model, base.text) : undefined,
    });
  }
  return images;
}

function argDefinitions(model: DockerfileModel, text: string): RelatedLocation[] | undefined {
  const related: RelatedLocation[] = [];
  for (const instruction of model.instructions) {
    if (instruction.getKeyword().toUpperCase() === 'FROM') break;
    const property = instruction.getKeyword().toUpperCase() === 'ARG' ? (instruction as import('dockerfile-ast').Arg).getProperty() : null;
    if (property && usesVariable(text, property.getName())) {
      related.push({ range: property.getRange(), message: `${property.getName()} defaults to "${property.getValue() ?? ''}" here` });
    }
  }
  return related.length > 0 ? related : undefined;
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
export function composeImages(model: ComposeModel): ServiceImage[] {
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
  return image.written ? `"${image.written}" (${image.reference.text})` : `"${image.reference.text}"`;
}
