import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCommandLine, UsageError, type OutputFormat, type ScanCommand } from './args';
import { ImageFactsService } from '../registry/facts';
import { loadTrustKeys } from '../registry/trust-keys';
import { redactUrlPasswords, type ImageFactsProvider, type TrustKeySetting } from '../rules';
import { readBaseline, withoutBaseline, writeBaseline } from './baseline';
import { ProjectConfigs, type LoadedConfig } from './config';
import { formatCheckstyle } from './formats/checkstyle';
import { formatGithub } from './formats/github';
import { formatGitlab } from './formats/gitlab';
import { formatJson } from './formats/json';
import { formatJunit } from './formats/junit';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { BULWARK_HELP, SCAN_HELP } from './help';
import { printable } from './paths';
import { scan, type ScanResult } from './scan';
import { reachesFailLevel, summarize } from './summary';
import { BULWARK_VERSION } from '../disk/version';

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
export const EXIT_TROUBLE = 2;

/** The process's surroundings, handed in so that a run reads no globals. */
export interface RunContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

/** Runs one command line and returns the exit code. */
export async function run(argv: readonly string[], io: RunContext): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    switch (command.command) {
      case 'help':
        io.stdout.write(command.topic === 'scan' ? SCAN_HELP : BULWARK_HELP);
        return EXIT_OK;
      case 'version':
        io.stdout.write(`${BULWARK_VERSION}\n`);
        return EXIT_OK;
      case 'scan':
        return await runScan(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`bulwark: ${printable(error.message)}\nRun 'bulwark scan --help' for usage.\n`);
    } else {
      io.stderr.write(`bulwark: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return EXIT_TROUBLE;
  }
}

/** One line on standard error: nothing in it (a path, a message) can start another line or show a URL's password. */
function say(io: RunContext, message: string): void {
  io.stderr.write(`bulwark: ${printable(redactUrlPasswords(message))}\n`);
}

async function runScan(command: ScanCommand, io: RunContext): Promise<number> {
  const configs = new ProjectConfigs(io.cwd, command.config, command.paths);
  // Read first: a baseline that cannot be used is a usage error before any work is done.
  const accepted = command.baseline === undefined ? undefined : readBaseline(resolve(io.cwd, command.baseline), command.baseline);
  // The features that reach the network are configured once, for the whole scan: at its root.
  const root = configs.root;
  // The repository's configuration may turn the network off, never on.
  const online = command.online && !(root.config.online?.registry === false && !root.fromUser);
  if (command.online && !online) say(io, `${root.path}: online.registry is false: the registries are not asked`);
  const imageFacts = online ? await resolveImages(command, configs, root, io) : undefined;
  const scanned = scan(command.paths, io.cwd, { fix: command.fix, configs, profile: command.profile, trustedRegistries: command.trustedRegistries, imageFacts, disallowSuppressions: command.disallowSuppressions });
  if (command.writeBaseline !== undefined) {
    const count = writeBaseline(resolve(io.cwd, command.writeBaseline), scanned);
    say(io, `wrote ${count} finding${count === 1 ? '' : 's'} to the baseline ${command.writeBaseline}`);
  }
  const result = accepted === undefined ? scanned : withoutBaseline(scanned, accepted);
  if (accepted !== undefined) {
    const hidden = summarize(scanned).findings - summarize(result).findings;
    if (hidden > 0) say(io, `${hidden} finding${hidden === 1 ? '' : 's'} recorded in the baseline ${command.baseline} not reported`);
  }
  for (const problem of configs.problems) say(io, problem);
  for (const problem of result.skipped) say(io, `skipped ${problem.path}: ${problem.reason}`);
  for (const problem of result.unreadable) say(io, `could not read ${problem.path}: ${problem.reason}`);
  for (const problem of result.refusedFixes) say(io, `did not fix ${problem.path}: ${problem.reason}`);
  for (const problem of result.unwritten) say(io, `could not write ${problem.path}: ${problem.reason}`);
  if (command.fix) {
    const fixed = result.files.filter((file) => file.fixesApplied > 0);
    const count = fixed.reduce((sum, file) => sum + file.fixesApplied, 0);
    const would = command.fix.write ? '' : 'would have ';
    say(io, `${would}applied ${count} fix${count === 1 ? '' : 'es'} in ${fixed.length} file${fixed.length === 1 ? '' : 's'}`);
    for (const written of result.changedFiles) say(io, `${would}${written.action} ${written.path}`);
  }
  if (result.diff !== undefined) {
    // --diff: the patch is the output; a fix to make fails the run, as a finding would.
    io.stdout.write(result.diff);
    if (result.unreadable.length > 0) return EXIT_TROUBLE;
    return result.diff === '' ? EXIT_OK : EXIT_FINDINGS;
  }
  if (result.files.length === 0 && result.unreadable.length === 0) {
    say(io, `no Dockerfile, Compose file, devcontainer.json, daemon.json, unit file, script or CI file found in ${command.paths.join(', ')}`);
  }

  // Colour only for a person at a terminal: never in a file, and not when NO_COLOR asks (no-color.org).
  const colour = command.output === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const report = render(command.format, result, colour);
  if (command.output === undefined) {
    io.stdout.write(report);
  } else {
    const outputPath = resolve(io.cwd, command.output);
    try {
      mkdirSync(dirname(outputPath), { recursive: true });
      writeFileSync(outputPath, report);
    } catch (error) {
      say(io, `could not write ${command.output}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT_TROUBLE;
    }
  }

  // A file that was not checked may hold anything: the scan cannot pass, whatever else it found.
  if (result.unreadable.length > 0 || result.unwritten.length > 0) return EXIT_TROUBLE;
  // The findings just recorded are accepted: adopting Bulwark starts from a passing build.
  if (command.writeBaseline !== undefined) return EXIT_OK;
  return reachesFailLevel(summarize(result), command.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * With --online: a first lint, which fixes nothing, collects the images the files pull; they are
 * resolved (digests, signatures) before the real lint, which then reads the answers synchronously.
 */
async function resolveImages(command: ScanCommand, configs: ProjectConfigs, config: LoadedConfig, io: RunContext): Promise<ImageFactsProvider> {
  const online = networkSettings(config, io);
  const trust = loadTrustKeys(online.trustKeys, config.folder);
  for (const problem of trust.problems) say(io, problem);
  const facts = new ImageFactsService({
    insecureRegistries: online.insecureRegistries,
    registryMap: { ...online.registryMap, ...command.registryMap },
    trustKeys: trust.keys,
    signatures: config.config.rules?.['image-unsigned'] !== 'off',
    env: io.env,
  });
  scan(command.paths, io.cwd, { configs, profile: command.profile, trustedRegistries: command.trustedRegistries, imageFacts: facts.provider() });
  await facts.idle();
  return facts.provider();
}

/**
 * What the configuration may say about the network: all of it when the user named the file
 * (--config); from the repository's own `.bulwark.yaml`, nothing that widens it (insecure registries,
 * a registry map, trust keys), each ignored key said on standard error.
 */
function networkSettings(config: LoadedConfig, io: RunContext): { insecureRegistries?: string[]; registryMap?: Record<string, string>; trustKeys: TrustKeySetting[] } {
  const { online = {}, trust } = config.config;
  if (config.fromUser) return { insecureRegistries: online.insecureRegistries, registryMap: online.registryMap, trustKeys: trust?.keys ?? [] };
  const widening = [online.insecureRegistries?.length && 'online.insecureRegistries', Object.keys(online.registryMap ?? {}).length && 'online.registryMap', trust?.keys?.length && 'trust.keys'].filter(Boolean);
  for (const key of widening) say(io, `${config.path}: ${key} is ignored: the repository's configuration may not widen what Bulwark contacts or trusts (name your own file with --config)`);
  return { trustKeys: [] };
}

function render(format: OutputFormat, result: ScanResult, colour: boolean): string {
  switch (format) {
    case 'text':
      return formatText(result, { colour });
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result);
    case 'github':
      return formatGithub(result);
    case 'gitlab':
      return formatGitlab(result);
    case 'junit':
      return formatJunit(result);
    case 'checkstyle':
      return formatCheckstyle(result);
  }
}
