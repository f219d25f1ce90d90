import { fileTransfers, isArchiveName, sourceKind, type FileTransfer } from '../../model/instructions';
import { defineRule } from '../../rule';
import { trimEndOf } from '../../text';
import type { Fix } from '../../types';

/** ADD flags that COPY accepts too; any other (`--checksum`, `--keep-git-dir`, `--unpack`) keeps ADD. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

/**
 * A wildcard that may match an archive ADD would unpack (`dist/*`, `pkg-?`); one that ends in a
 * literal extension (`*.conf`) cannot.
 */
function mayMatchArchive(path: string): boolean {
  if (!/[*?[]/.test(path)) return false;
  const trimmed = trimEndOf(path, '/\\');
  const last = trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
  const dot = last.lastIndexOf('.');
  return dot < 0 || !/^[A-Za-z0-9]+$/.test(last.slice(dot + 1));
}

export default defineRule({
  id: 'add-instead-of-copy',
  title: 'ADD is used to copy local files',
  severity: 'info',
  kinds: ['dockerfile'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'add_instead_of_copy 9513a694', checkov: 'CKV_DOCKER_4', trivy: 'DS-0005', hadolint: 'DL3020' },
  fix: { available: true, safe: true },
  check: {
    dockerfile({ model, report }) {
      for (const transfer of fileTransfers(model)) {
        if (transfer.keyword !== 'ADD') continue;
        const paths = transfer.sources.map((source) => source.value ?? source.text);
        if (paths.some((path) => sourceKind(path) !== 'local' || isArchiveName(path))) continue;
        const keyword = transfer.instruction.getInstructionRange();
        report({
          range: keyword,
          message: `ADD copies ${paths.length === 1 ? `"${transfer.sources[0].text}"` : 'local files'} from the build context, which COPY does without ADD's extras: ADD also unpacks archives and fetches URLs, so a reader cannot tell what is meant. Use COPY.`,
          fixes: () => copyFix(transfer),
        });
      }
    },
  },
  docs: `## What it does
Reports an \`ADD\` whose sources are all local files or folders of the build context and none is
a tar archive (\`.tar\`, \`.tar.gz\`, \`.tgz\`, \`.tar.xz\`, ...), which \`ADD\` would unpack. \`ADD\`
of a URL or a Git repository is left to \`add-remote-url\`. Sources are read as BuildKit reads
them, without their quotes: \`ADD "tools.tar.gz" /opt/\` unpacks an archive and
\`ADD "https://…" /x\` downloads, in the shell form as in the JSON form, whatever the flags. A
source from a variable without a known value is judged by what is written (\`ADD \${JAR_FILE} app.jar\`
is reported, without a fix). An \`ONBUILD ADD\` is reported at its \`ADD\`.

## Why is this bad?
\`ADD\` does more than copy: it unpacks local tar archives and downloads URLs. Used for plain files
it hides intent — a later change of a file name to \`.tar.gz\` silently changes the result — and
invites \`ADD <url>\`, which fetches without verification. \`COPY\` only copies, so it says exactly
what happens. The CIS Docker Benchmark (4.9) asks for \`COPY\`.

## Example
\`\`\`dockerfile
FROM nginx:1.27
ADD nginx.conf /etc/nginx/nginx.conf
\`\`\`

## Use instead
\`\`\`dockerfile
FROM nginx:1.27
COPY nginx.conf /etc/nginx/nginx.conf
\`\`\`

## Fix safety
"Replace ADD by COPY" is safe: it only rewrites the keyword, keeps the flags and arguments, and is
offered only when every source is a known local non-archive and every flag is one COPY takes
(\`--chown\`, \`--chmod\`, \`--link\`, \`--exclude\`), so COPY copies exactly what ADD did. A
wildcard that could match an archive (\`ADD dist/* /srv/\`) gets no fix; one that ends in a
literal extension (\`*.conf\`) does.
`,
});

function copyFix(transfer: FileTransfer): Fix[] | undefined {
  if (transfer.sources.some((source) => source.value === undefined || mayMatchArchive(source.value))) return undefined;
  if (transfer.flags.some((flag) => !COPY_FLAGS.has(flag.getName().toLowerCase()))) return undefined;
  const written = transfer.instruction.getInstruction();
  return [{ title: 'Replace ADD by COPY', safe: true, edits: [{ range: transfer.instruction.getInstructionRange(), newText: written === written.toLowerCase() ? 'copy' : 'COPY' }] }];
}
