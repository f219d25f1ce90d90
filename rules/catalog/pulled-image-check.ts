import { composeImages, describeImage, dockerfileImages, type PulledImage } from '../model/images';
import type { Report, Rule } from '../rule';

/**
 * The checks of a rule about the images a file pulls (FROM base images, Compose `image:`): every
 * image `matches` picks is reported at its reference, with `problem` completing the sentence
 * `FROM "node:20" ...` / `Service "web" uses "node:20" ...`.
 */
export function pulledImageCheck(matches: (image: PulledImage) => boolean, problem: string): Rule['check'] {
  const finding = (image: PulledImage, subject: string): Report => ({ range: image.range, message: `${subject} ${describeImage(image)} ${problem}`, related: image.related });
  return {
    dockerfile({ model, report }) {
      for (const image of dockerfileImages(model)) if (matches(image)) report(finding(image, 'FROM'));
    },
    compose({ model, report }) {
      for (const image of composeImages(model)) if (matches(image)) report(finding(image, image.subject));
    },
  };
}
