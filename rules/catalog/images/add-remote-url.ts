import { fileTransfers, flagOf, sourceKind } from '../../model/instructions';
import { defineRule } from '../../rule';

/** A Git source pinned to a full commit: `#<sha>` or `?commit=<sha>` / `&checksum=<sha>`. */
const PINNED_COMMIT = /(?:#|[?&](?:commit|checksum)=)[0-9a-f]{40}(?:[0-9a-f]{24})?(?:$|[&:])/i;

export default defineRule({
  id: 'add-remote-url',
  title: 'ADD downloads a file without verifying its checksum',
  severity: 'warning',
  kinds: ['dockerfile'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'curl_or_wget_instead_of_add 4b410d24' },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const transfer of fileTransfers(model)) {
        if (transfer.keyword !== 'ADD' || flagOf(transfer, 'checksum')) continue;
        for (const source of transfer.sources) {
          const url = source.value ?? source.text;
          const kind = sourceKind(url);
          if (kind === 'local' || (kind === 'git' && PINNED_COMMIT.test(url))) continue;
          const what = kind === 'git' ? `clones the Git repository ${url} at a ref that can move` : `downloads ${url}${/^http:/i.test(url) ? ' over plain HTTP' : ''}`;
          const advice = kind === 'git' ? 'Pin a full commit (#<commit sha>) or add --checksum=<commit sha>.' : 'Add --checksum=sha256:<hash of the file> so the build fails when the content changes.';
          report({
            range: source.range,
            message: `ADD ${what} without checking what it gets: whoever controls the server or the network path decides what goes into the image. ${advice}`,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports an \`ADD\` whose source is a URL — an http(s) download or a Git repository (\`git@...\`,
\`https://...*.git\`, \`github.com/...\`) — without \`--checksum\`. Variables are expanded with
their \`ARG\`/\`ENV\` values, and quotes removed as BuildKit removes them (\`ADD "https://…" /x\`
downloads); \`ONBUILD ADD\` is checked too. A Git source pinned to a full commit hash (\`#<40-hex sha>\`) is not
reported: the commit names the content.

## Why is this bad?
\`ADD https://...\` trusts whatever the server returns at build time. A compromised server, a
moved release asset, a hijacked domain or, over plain \`http://\`, anyone on the network path
can change what ends up in the image, and the build succeeds anyway. A branch or tag of a Git
repository can likewise be moved to other commits. \`--checksum\` (BuildKit) makes the build fail
when the content is not the one that was reviewed.

## Example
\`\`\`dockerfile
FROM alpine:3.20
ADD https://github.com/example/tool/releases/download/v1.2.0/tool-linux-amd64 /usr/local/bin/tool
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
    https://github.com/example/tool/releases/download/v1.2.0/tool-linux-amd64 /usr/local/bin/tool
\`\`\`
(or \`RUN curl -fsSLo tool <url> && echo "<sha256>  tool" | sha256sum -c -\`).

## Fix safety
No automatic fix: the checksum has to come from the publisher, or from a download you trust.
`,
});
