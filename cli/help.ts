import { REPOSITORY_URL } from '../rules';

const DOCS_URL = `${REPOSITORY_URL}/blob/main/docs/cli.md`;

export const BULWARK_HELP = `Usage: bulwark <command> [options]

Security linter for Dockerfiles and Docker Compose files.

Commands:
  scan [PATH...]      lint the container files in PATH (default: .)

Options:
  -h, --help          show this help
      --version       show Bulwark's version

Run 'bulwark scan --help' for the scan options. Documentation: ${DOCS_URL}
`;

export const SCAN_HELP = `Usage: bulwark scan [options] [PATH...]

Lints Dockerfiles, Compose files, dev containers (devcontainer.json), daemon.json and systemd
unit files (*.service, *.socket and their *.d/*.conf drop-ins, for dockerd's flags) for security
problems. Each PATH is a file or a folder (default: the current folder); folders are searched
recursively, skipping node_modules and .git. Paths in the report are relative to the current folder.

Options:
  -f, --format FORMAT   text (default), json, sarif, github (workflow commands),
                        gitlab (Code Quality report), junit or checkstyle
  -o, --output FILE     write the report to FILE instead of standard output
      --fail-on LEVEL   exit with 1 when a finding is at or above LEVEL:
                        error (default), warning, info, or never
      --fix             write the safe fixes to the files, then report what is left
      --unsafe-fixes    with --fix or --diff: also the fixes that change
                        behaviour (e.g. cap_drop: [ALL], USER 10001:10001)
      --diff            print the fixes as a unified diff instead of writing
                        them (and no report); exit with 1 when there are any
      --profile NAME    the rules to run: recommended (default: concrete
                        weaknesses) or strict (every rule, hardening advice
                        included); over the configuration's profile
  -c, --config FILE     the project configuration (default: .bulwark.yaml in the
                        current folder, when there is one)
      --online          ask the registries about the images first: digests (for the
                        pin-to-digest fixes) and signatures (image-unsigned). Without
                        it Bulwark makes no network request at all
      --registry-map HOST=URL
                        with --online: send the requests for registry HOST to URL
                        (a mirror), e.g. docker.io=https://mirror.example.com; repeatable
      --trusted-registry REGISTRY
                        a registry host, optionally with a path prefix
                        (ghcr.io/myorg), that images may come from; repeat it
                        for several. Images from elsewhere are reported.
      --write-baseline FILE
                        record every finding in FILE (a baseline) and exit with 0
      --baseline FILE   report, and fail on, only the findings not in FILE
      --disallow-suppressions
                        bulwark-ignore comments hide nothing (every finding counts)
  -h, --help            show this help
      --version         show Bulwark's version

Exit codes:
  0  no finding at or above the --fail-on level
  1  at least one finding at or above the --fail-on level
  2  usage error, a file that could not be read, or an internal error

Documentation: ${DOCS_URL}
`;
