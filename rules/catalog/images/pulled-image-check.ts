import { composeImages, describeImage, dockerfileImages, factsOf, judgedDockerfileImages, pinToDigestFixes, type PulledImage } from '../../model/images';
import type { Report, Rule } from '../../rule';
import type { ImageFacts, ImageFactsProvider } from '../../types';

type ImageCheck = (image: PulledImage, subject: string, imageFacts: ImageFactsProvider | undefined) => Report | undefined;

/** Runs `check` on every image a file pulls (FROM base images, Compose `image:`), with the subject of its sentence. */
function eachPulledImage(check: ImageCheck, dockerfileImagesOf: typeof dockerfileImages = dockerfileImages): Rule['check'] {
  const run = (images: ReadonlyArray<PulledImage & { subject?: string }>, report: (report: Report) => void, imageFacts: ImageFactsProvider | undefined) => {
    for (const image of images) {
      const found = check(image, image.subject ?? 'FROM', imageFacts);
      if (found) report(found);
    }
  };
  return {
    dockerfile: ({ model, report, imageFacts }) => run(dockerfileImagesOf(model), report, imageFacts),
    compose: ({ model, report, imageFacts }) => run(composeImages(model), report, imageFacts),
  };
}

/**
 * The checks of a rule about the images a file pulls: every image `matches` picks is reported at
 * its reference, with `problem` completing the sentence `FROM "node:20" ...` / `Service "web" uses
 * "node:20" ...`. With image facts (online), the finding offers to pin the reference to its digest.
 */
export function pulledImageCheck(matches: (image: PulledImage) => boolean, problem: string | ((image: PulledImage) => string)): Rule['check'] {
  return eachPulledImage(
    (image, subject, imageFacts) =>
      matches(image)
        ? { range: image.range, message: `${subject} ${describeImage(image)} ${typeof problem === 'string' ? problem : problem(image)}`, related: image.related, fixes: pinToDigestFixes(image, factsOf(image, imageFacts)) }
        : undefined,
    // A tag or digest is judged even when variables without a value choose the registry.
    judgedDockerfileImages,
  );
}

/** The checks of an online rule: `check` sees each pulled image with what the registry said about it (undefined while not known). Offline, nothing. */
export function imageFactsCheck(check: (image: PulledImage, facts: ImageFacts | undefined, subject: string) => Report | undefined): Rule['check'] {
  return eachPulledImage((image, subject, imageFacts) => (imageFacts ? check(image, factsOf(image, imageFacts), subject) : undefined));
}

/** The "Fix safety" section of the rules whose fix pins an image to its digest, with `example` pinned. */
export function pinToDigestFixSafety(example: string): string {
  return `## Fix safety
With the online features on (\`bulwark.online.registry\`, or \`bulwark scan --online\`), a quick
fix pins the reference to the digest the registry gives for it now — for a multi-platform image
the index's digest, so every platform still resolves — and keeps the tag: \`${example}\` becomes
\`${example}@sha256:<digest>\`. When the reference comes from an \`ARG\` default, the default is edited.
It is marked unsafe: the content stays the same today, but the pin stops the image's updates
(security patches included) until the digest is updated (the command "Bulwark: Update pinned
digests" refreshes them). Offline there is no fix.
`;
}
