import { describeImage, type PulledImage } from '../../model/images';
import { defineRule, type Report } from '../../rule';
import type { ImageFacts } from '../../types';
import { imageFactsCheck } from './pulled-image-check';

export default defineRule({
  id: 'image-lookup-failed',
  title: 'The registry could not be asked about the image',
  severity: 'info',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  online: true,
  check: imageFactsCheck(failure),
  docs: `## What it does
Only with the online features on (\`bulwark.online.registry\`, or \`bulwark scan --online\`): says
why Bulwark could not resolve an image through its registry, or could not look for its
signatures — offline, the registry refused the credentials (401/403), the tag does not exist
(404), the registry was too slow (timeout), too many requests (429). Without the answer, the
pin-to-digest fix and \`image-unsigned\` have nothing to go on for that image.

## Why is this bad?
It is not a problem of the file, but it is worth knowing: a typo in a tag shows up here as a 404
before the build fails, and a 401 says the credentials in the Docker configuration are missing
or wrong for that registry.

## Example
\`\`\`dockerfile
FROM node:20.99
\`\`\`
(a tag that does not exist: the registry answers 404)

## Use instead
\`\`\`dockerfile
FROM node:20.18
\`\`\`

## Fix safety
No automatic fix. Turn the rule off (\`rules: { image-lookup-failed: off }\`) to keep the other
online findings without these.
`,
});

function failure(image: PulledImage, facts: ImageFacts | undefined): Report | undefined {
  const reason = facts?.failure ?? facts?.signatures?.failure;
  if (!reason) return undefined;
  const what = facts?.failure ? 'resolve' : 'look for the signatures of';
  return { range: image.range, message: `Bulwark could not ${what} ${describeImage(image)} through its registry: ${reason}.`, related: image.related };
}
