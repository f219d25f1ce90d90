import { composeImages, describeImage, dockerfileImages, factsOf, pinToDigestFixes, type PulledImage } from '../model/images';
import type { Report, Rule } from '../rule';
import type { ImageFactsProvider } from '../types';

/**
 * The checks of a rule about the images a file pulls (FROM base images, Compose `image:`): every
 * image `matches` picks is reported at its reference, with `problem` completing the sentence
 * `FROM "node:20" ...` / `Service "web" uses "node:20" ...`. With image facts (online), the
 * finding offers to pin the reference to its digest.
 */
export function pulledImageCheck(matches: (image: PulledImage) => boolean, problem: string): Rule['check'] {
  const finding = (image: PulledImage, subject: string, imageFacts: ImageFactsProvider | undefined): Report => ({
    range: image.range,
    message: `${subject} ${describeImage(image)} ${problem}`,
    related: image.related,
    fixes: pinToDigestFixes(image, factsOf(image, imageFacts)),
  });
  return {
    dockerfile({ model, report, imageFacts }) {
      for (const image of dockerfileImages(model)) if (matches(image)) report(finding(image, 'FROM', imageFacts));
    },
    compose({ model, report, imageFacts }) {
      for (const image of composeImages(model)) if (matches(image)) report(finding(image, `Service "${image.service}" uses`, imageFacts));
    },
  };
}
