import { isFloatingTag } from '../../model/image-ref';
import type { PulledImage } from '../../model/images';
import { defineRule } from '../../rule';
import { pulledImageCheck, pinToDigestFixSafety } from './pulled-image-check';

export default defineRule({
  id: 'image-latest-tag',
  title: 'The image uses the latest tag',
  severity: 'warning',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'image_version_using_latest f45ea400', checkov: 'CKV_DOCKER_7', trivy: 'DS-0001', hadolint: 'DL3007', dclint: 'service-image-require-explicit-tag' },
  fix: { available: true, safe: false, online: true },
  check: pulledImageCheck(
    isFloating,
    (image) => `with the moving "${image.reference.tag}" tag: the build is not reproducible and picks up whatever was pushed last. Pin a version tag, ideally with its digest.`,
  ),
  docs: `## What it does
Reports a \`FROM\` base image or a Compose \`image:\` tagged \`:latest\` or another tag that names a
channel the publisher keeps moving rather than a release: \`stable\`, \`edge\`, \`nightly\`, \`dev\`,
\`beta\`, \`canary\`, \`lts\`, \`rolling\`, \`current\` (in any case). Tags are judged after resolving \`ARG\`
defaults and Compose interpolation with the project's \`.env\`, then the defaults (so
\`postgres:\${PG_TAG:-latest}\` is reported, unless \`.env\` sets \`PG_TAG\`). When a Compose
\`build.args\` value chooses the base image of the Dockerfile it builds (\`ARG TAG\` and
\`FROM node:\${TAG}\`), the built image is reported at that build argument, with the \`FROM\` as
related information (see [How Bulwark reads a Compose project](../compose.md)).
A reference pinned by digest (\`:latest@sha256:...\`) is not reported: the digest fixes the content;
one followed by something that is not a digest (\`:latest@sha256\`) is. \`FROM \${REGISTRY}/ubuntu:latest\`
is reported even when \`REGISTRY\` has no value: the tag is written.

## Why is this bad?
\`latest\` is not "the newest release": it is whatever the publisher last pushed under that name,
and it moves. Builds stop being reproducible, a compromised or breaking push is picked up
silently, and two hosts can run different code from the same file. \`stable\`, \`edge\`,
\`nightly\` and the other channel tags move the same way, some of them every day.

## Example
\`\`\`dockerfile
FROM ubuntu:latest
\`\`\`
\`\`\`yaml
services:
  db:
    image: postgres:latest
\`\`\`

## Use instead
\`\`\`dockerfile
FROM ubuntu:24.04
\`\`\`
\`\`\`yaml
services:
  db:
    image: postgres:16.4@sha256:<digest>
\`\`\`

${pinToDigestFixSafety('ubuntu:latest')}`,
});

function isFloating(image: PulledImage): boolean {
  return isFloatingTag(image.reference.tag) && image.reference.digest === undefined;
}
