import type { RelatedLocation, Range } from '../types';
import { interpolate, scalarText, serviceEntry, type ComposeModel } from './compose';
import type { DockerfileModel } from './dockerfile';
import { parseImageReference, type ImageReference } from './image-ref';

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
    if (property && new RegExp(`\\$\\{?${property.getName()}\\b`).test(text)) {
      related.push({ range: property.getRange(), message: `${property.getName()} defaults to "${property.getValue() ?? ''}" here` });
    }
  }
  return related.length > 0 ? related : undefined;
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
    });
  }
  return images;
}

/** How a finding names an image: as written, with what it resolves to when they differ. */
export function describeImage(image: PulledImage): string {
  return image.written ? `"${image.written}" (${image.reference.text})` : `"${image.reference.text}"`;
}
