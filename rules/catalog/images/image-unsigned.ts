import { describeImage, shortDigest, type PulledImage } from '../../model/images';
import { defineRule, type Report } from '../../rule';
import type { FoundSignature, ImageFacts, SignatureMechanism } from '../../types';
import { imageFactsCheck } from './pulled-image-check';

const MECHANISM_NAMES: Record<SignatureMechanism, string> = { cosign: 'a cosign signature', notation: 'a Notation signature', 'docker-content-trust': 'Docker Content Trust data' };

export default defineRule({
  id: 'image-unsigned',
  title: 'The image has no signature from a trusted key',
  severity: 'warning',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  online: true,
  check: imageFactsCheck(unsigned),
  docs: `## What it does
Only with the online features on (\`bulwark.online.registry\`, or \`bulwark scan --online\`): resolves
each \`FROM\` base image and Compose \`image:\` to its digest, looks for its signatures — cosign
(the \`sha256-<hex>.sig\` tag, and OCI referrers through the referrers API or its tag-schema
fallback), Notation (OCI referrers of type \`application/vnd.cncf.notary.signature\`) and Docker
Content Trust (the Notary v1 targets of the tag) — and verifies them against the keys configured
in \`bulwark.trust.keys\` (or \`trust.keys\` in \`.bulwark.yaml\`). It reports an image without a
signature that one of those keys verifies, and says what it found instead.

A signature by a key you did not configure counts as no signature: anyone can sign anything.
Offline this rule reports nothing.

## Why is this bad?
A tag or even a digest says which bytes you pull, not who made them. A signature from the
publisher's key shows that the image comes from them and was not swapped in the registry, in a
mirror, or by someone who stole a push token.

## Example
With \`trust.keys\` holding the key of \`ghcr.io/acme/**\`:
\`\`\`dockerfile
FROM ghcr.io/acme/base:1.4
\`\`\`
where \`ghcr.io/acme/base:1.4\` has no cosign signature, or one made with another key.

## Use instead
Use images their publisher signs, and configure the publisher's key:
\`\`\`yaml
# .bulwark.yaml
trust:
  keys:
    - scope: ghcr.io/acme/**
      name: acme release key
      key: keys/acme-cosign.pub
\`\`\`

## Fix safety
No automatic fix: signing is the publisher's job.
`,
});

function unsigned(image: PulledImage, facts: ImageFacts | undefined, subject: string): Report | undefined {
  const signatures = facts?.signatures;
  if (!facts?.digest || !signatures || signatures.verified.length > 0) return undefined;
  // When the search itself failed and found nothing, `image-lookup-failed` says why; nothing is known.
  if (signatures.failure && signatures.unverified.length === 0) return undefined;
  const found = signatures.unverified.length > 0 ? `found ${signatures.unverified.map(describeSignature).join('; ')}` : 'found no cosign, Notation or Docker Content Trust signature';
  return {
    range: image.range,
    message: `${subject} ${describeImage(image)} (${shortDigest(facts.digest)}) with no signature from a trusted key: ${found}. Configure the publisher's key in bulwark.trust.keys, or use a signed image.`,
    related: image.related,
  };
}

function describeSignature(signature: FoundSignature): string {
  const by = signature.signer ? ` ${signature.signer}` : '';
  return `${MECHANISM_NAMES[signature.mechanism]}${by}${signature.detail ? ` (${signature.detail})` : ''}`;
}
