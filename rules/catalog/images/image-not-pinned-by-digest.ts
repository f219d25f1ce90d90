import { isFloatingTag } from '../../model/image-ref';
import type { PulledImage } from '../../model/images';
import { defineRule } from '../../rule';
import { pulledImageCheck, pinToDigestFixSafety } from './pulled-image-check';

export default defineRule({
  id: 'image-not-pinned-by-digest',
  title: 'The image is pinned by tag, not by digest',
  severity: 'info',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['strict'],
  peers: {},
  fix: { available: true, safe: false, online: true },
  check: pulledImageCheck(isTagOnly, `by tag only: the tag can be moved to other content. Add the image's digest (…@sha256:<digest>) so the build always gets the image that was reviewed.`),
  docs: `## What it does
Reports a \`FROM\` base image or a Compose \`image:\` that names a version tag but no digest
(\`@sha256:...\`), after resolving \`ARG\` defaults and Compose \`\${VAR:-default}\` defaults.
\`scratch\`, earlier build stages, references whose variable has no default, and a Compose
\`image:\` beside \`build:\` (the name of the image built) are not reported. A tag behind a
registry chosen by a variable without a value (\`FROM \${REGISTRY}/ubuntu:22.04\`) is reported, and
so is a tag followed by something that is not a digest (\`alpine:3.20@sha256\`, \`@v1\`). A reference with no tag
or with \`:latest\` or another floating tag (\`:stable\`, \`:nightly\`, ...) is left to \`image-untagged\`
and \`image-latest-tag\`, which say more.

## Why is this bad?
A tag is a name the publisher can move: \`node:20.18\` is rebuilt for every security update of its
base, and a compromised registry account can push anything under it. Only a digest names one
exact image: the build is reproducible, a review of the image stays valid, and a tampered image
under the same tag is refused.

Pinning has a cost — the digest no longer picks up the base image's patches — so it goes with an
update bot (Renovate and Dependabot both update digests). That is why this rule is advice (info).

## Example
\`\`\`dockerfile
FROM node:20.18-alpine3.20
\`\`\`
\`\`\`yaml
services:
  db:
    image: postgres:16.4
\`\`\`

## Use instead
Keep the tag, for the humans, and add its digest (\`docker buildx imagetools inspect node:20.18-alpine3.20\`
prints it):
\`\`\`dockerfile
FROM node:20.18-alpine3.20@sha256:<digest>
\`\`\`
\`\`\`yaml
services:
  db:
    image: postgres:16.4@sha256:<digest>
\`\`\`

${pinToDigestFixSafety('node:20.18')}`,
});

/** A tag and no digest; untagged references and floating tags (`:latest`, `:stable`, ...) have rules of their own. */
function isTagOnly(image: PulledImage): boolean {
  const { tag, digest } = image.reference;
  return tag !== undefined && !isFloatingTag(tag) && digest === undefined;
}
