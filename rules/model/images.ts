import type { LineIndex } from '../text';
import type { Fix, ImageFacts, ImageFactsProvider, Position, RelatedLocation, Range } from '../types';
import { interpolate, scalarText, serviceEntry, type ComposeModel } from './compose';
import { argDeclarations, type DockerfileModel } from './dockerfile';
import { canonicalImage, parseImageReference, type ImageReference } from './image-ref';

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
      pinAt: (base.fromVariables ? argDefaultEnd(model, base.text) : undefined) ?? base.range.end,
    });
  }
  return images;
}

function argDefinitions(model: DockerfileModel, text: string): RelatedLocation[] | undefined {
  const related: RelatedLocation[] = [];
  for (const instruction of model.instructions) {
    if (instruction.getKeyword().toUpperCase() === 'FROM') break;
    const property = instruction.getKeyword().toUpperCase() === 'ARG' ? (instruction as import('dockerfile-ast').Arg).getProperty() : null;
    if (property && new RegExp(`\\$\\{?${property.getName()}\\b`).test(text)) {
      related.push({ range: property.getRange(), message: `${property.getName()} defaults to "${property.getValue() ?? ''}" here` });
    }
  }
  return related.length > 0 ? related : undefined;
}

/** The end of the default of the global ARG a FROM text ends with (`FROM ${BASE}`, `FROM node:$TAG`), inside its quotes. */
function argDefaultEnd(model: DockerfileModel, text: string): Position | undefined {
  const name = /\$(?:\{(\w+)\}|(\w+))$/.exec(text)?.slice(1).find((group) => group !== undefined);
  let end: Position | undefined;
  for (const instruction of model.instructions) {
    if (instruction.getKeyword().toUpperCase() === 'FROM') break;
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

/** The images Compose services pull. An `image:` beside `build:` names the image built, not one pulled, and is left out. */
export function composeImages(model: ComposeModel): Array<PulledImage & { service: string }> {
  const images: Array<PulledImage & { service: string }> = [];
  for (const service of model.services) {
    const entry = serviceEntry(model, service, 'image');
    if (!entry || entry === 'unknown' || !entry.value || serviceEntry(model, service, 'build') !== undefined) continue;
    const written = scalarText(entry.value);
    const text = written === undefined ? undefined : interpolate(written);
    const reference = text === undefined ? undefined : parseImageReference(text);
    if (!reference) continue;
    images.push({
      service: service.name,
      reference,
      range: entry.value.range,
      written: written !== text ? written : undefined,
      related: entry.value.definedAt ? [{ range: entry.value.definedAt, message: 'the image is defined here' }] : undefined,
      pinAt: entry.value.definedAt ? undefined : endInsideQuotes(model.lines, entry.value.range),
    });
  }
  return images;
}

/** How a finding names an image: as written, with what it resolves to when they differ. */
export function describeImage(image: PulledImage): string {
  return image.written ? `"${image.written}" (${image.reference.text})` : `"${image.reference.text}"`;
}

/** What the registry said about an image, when the caller gave image facts and they are known. */
export function factsOf(image: PulledImage, provider: ImageFactsProvider | undefined): ImageFacts | undefined {
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
