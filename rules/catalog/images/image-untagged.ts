import type { PulledImage } from '../../model/images';
import { defineRule } from '../../rule';
import { pulledImageCheck, pinToDigestFixSafety } from './pulled-image-check';

export default defineRule({
  id: 'image-untagged',
  title: 'The image has neither a tag nor a digest',
  severity: 'warning',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'image_version_not_explicit 9efb0b2d', checkov: 'CKV_DOCKER_7', trivy: 'DS-0001', hadolint: 'DL3006', dclint: 'service-image-require-explicit-tag' },
  fix: { available: true, safe: false, online: true },
  check: pulledImageCheck(isUntagged, 'without a tag or digest: it means ":latest", whatever was pushed last. Pin a version tag, ideally with its digest.'),
  docs: `## What it does
Reports a \`FROM\` base image or a Compose \`image:\` with neither a tag nor a digest, after
resolving the \`ARG\` defaults a \`FROM\` uses and Compose interpolation (the project's \`.env\`, then
the \`\${VAR:-default}\` defaults). A base image chosen by a Compose \`build.args\` value is
reported at that build argument, with the Dockerfile's \`FROM\` as related information.
A variable never declared by a global \`ARG\` is empty, as the builder makes it:
\`FROM alpine$TAG\` is \`alpine\`, untagged. When variables without a value choose only the
registry or the path (\`FROM \${REGISTRY}/ubuntu\`), the literal last component decides: it has no
tag. What follows \`@\` is a digest only in Docker's syntax (\`sha256:\` and 64 lower-case hex
digits, \`sha512:\` and 128, ...): \`FROM alpine@v1\` or \`alpine@sha256\` is reported, and Docker
refuses it. \`scratch\`, references to earlier build stages, references whose tag may come from a
variable without a default, and the predefined platform ARGs (\`$TARGETARCH\`, ...) are not
reported. A Compose \`image:\` beside \`build:\` names the image being built and is not
reported.

## Why is this bad?
An image without a tag means \`:latest\`: whatever the publisher pushed last. The build is not
reproducible, a compromised or broken push is pulled without notice, and nobody can tell which
version is running or which vulnerabilities apply to it.

## Example
\`\`\`dockerfile
FROM python
\`\`\`
\`\`\`yaml
services:
  cache:
    image: redis
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim@sha256:<digest>
\`\`\`
\`\`\`yaml
services:
  cache:
    image: redis:7.4
\`\`\`

${pinToDigestFixSafety('python')}`,
});

function isUntagged(image: PulledImage): boolean {
  return image.reference.tag === undefined && image.reference.digest === undefined;
}
