import { KNOWN_INSTRUCTIONS, parseDockerfileSyntax, type Dockerfile, type From, type Instruction, type Property } from './dockerfile-syntax';
import { LineIndex } from '../text';
import type { Range } from '../types';
import { parseImageReference, type ImageReference } from './image-ref';
import { expandVariables } from './variables';
import { derived, type Derived } from './derived';

/** The base of a stage as written in its FROM, and what it resolves to. */
export interface StageBase {
  /** The image argument as written, variables included. */
  text: string;
  range: Range;
  /** After expanding the global ARGs' defaults; undefined when a variable has no value. */
  resolved?: string;
  /** Set when the resolved text is an image reference (not `scratch`, not a stage). */
  reference?: ImageReference;
  /**
   * When variables without a value come before the last `/` (`${REGISTRY}/ubuntu:22.04`): the last
   * component, which is literal, so its tag and digest are known though the registry is not. Its
   * `text` is the FROM argument as written.
   */
  lastComponent?: ImageReference;
  /** Set when the FROM names an earlier stage. */
  stage?: DockerfileStage;
  scratch: boolean;
  /** True when the text uses variables (the reference then comes from ARG defaults). */
  fromVariables: boolean;
}

export interface DockerfileStage {
  index: number;
  /** The `AS` name, lower-cased as Docker compares it. */
  name?: string;
  from: From;
  base: StageBase | undefined;
  /** The instructions after the FROM, up to the next FROM. */
  instructions: Instruction[];
  /**
   * The instructions rules check one by one: `instructions` with each ONBUILD replaced by the
   * instruction it registers, which every build FROM this image runs. The stage's own state
   * (variables, SHELL, USER, HEALTHCHECK) is read from `instructions`: a trigger sets none of it here.
   */
  checked: Instruction[];
}

export interface SyntaxProblem {
  range: Range;
  message: string;
}

export interface DockerfileModel {
  kind: 'dockerfile';
  text: string;
  lines: LineIndex;
  ast: Dockerfile;
  /** Every instruction, in order, the ARGs before the first FROM included. */
  instructions: Instruction[];
  /** `instructions` with each ONBUILD replaced by the instruction it triggers (see DockerfileStage.checked). */
  checked: Instruction[];
  /** ARGs declared before the first FROM: the only variables a FROM can use. */
  globalArgs: Map<string, string | undefined>;
  stages: DockerfileStage[];
  syntaxProblems: SyntaxProblem[];
  /** What readers of the model worked out from it (see `derived`). */
  derived: Derived | undefined;
}

export function parseDockerfile(text: string): DockerfileModel {
  const lines = new LineIndex(text);
  const ast = parseDockerfileSyntax(text, lines);
  const instructions = ast.getInstructions();
  const globalArgs = new Map<string, string | undefined>();
  const stages: DockerfileStage[] = [];
  // The first stage of each name: a FROM names an earlier stage by it (a search of every earlier stage per FROM was quadratic).
  const stageNames = new Map<string, DockerfileStage>();
  const syntaxProblems: SyntaxProblem[] = [];
  const unknown: Instruction[] = [];

  for (const instruction of instructions) {
    const keyword = instruction.keyword;
    if (!KNOWN_INSTRUCTIONS.has(keyword)) {
      unknown.push(instruction);
      continue;
    }
    if (keyword === 'FROM') {
      const stage = makeStage(instruction as From, stages.length, stageNames, globalArgs);
      stages.push(stage);
      if (stage.name !== undefined && !stageNames.has(stage.name)) stageNames.set(stage.name, stage);
    } else if (stages.length > 0) {
      const stage = stages[stages.length - 1];
      stage.instructions.push(instruction);
      stage.checked.push(checkedInstruction(instruction));
    } else if (keyword === 'ARG') {
      for (const property of argDeclarations(instruction)) globalArgs.set(property.getName(), property.getValue() ?? undefined);
    } else {
      syntaxProblems.push({
        range: instruction.getInstructionRange(),
        message: `${keyword} comes before the first FROM; only ARG may stand there (Docker fails with "no build stage in current context").`,
      });
    }
  }

  if (unknown.length > 0) {
    const first = unknown[0];
    const others = unknown.length - 1;
    const more = others === 0 ? '' : others === 1 ? ' (and 1 more line that is not an instruction)' : ` (and ${others} more lines that are not instructions)`;
    syntaxProblems.push({
      range: first.getInstructionRange(),
      message: `${describeKeyword(first.getKeyword())}${more}: this is not a valid Dockerfile line.`,
    });
  }
  if (stages.length === 0 && instructions.length > unknown.length) {
    syntaxProblems.push({ range: instructions[0].getRange(), message: 'The Dockerfile has no FROM instruction, so it defines no image.' });
  }

  const checked = instructions.some((instruction) => instruction.keyword === 'ONBUILD') ? instructions.map(checkedInstruction) : instructions;
  return { kind: 'dockerfile', text, lines, ast, instructions, checked, globalArgs, stages, syntaxProblems, derived: undefined };
}

/** An ONBUILD's trigger (when it has one Docker accepts), else the instruction itself. */
function checkedInstruction(instruction: Instruction): Instruction {
  const trigger = instruction.getTrigger();
  return trigger && TRIGGERS.has(trigger.keyword) ? trigger : instruction;
}

/** What ONBUILD may register: not FROM, MAINTAINER or ONBUILD (Docker refuses them). */
const TRIGGERS = new Set([...KNOWN_INSTRUCTIONS].filter((keyword) => keyword !== 'FROM' && keyword !== 'MAINTAINER' && keyword !== 'ONBUILD'));

function makeStage(from: From, index: number, earlier: Map<string, DockerfileStage>, globalArgs: Map<string, string | undefined>): DockerfileStage {
  const stage: DockerfileStage = {
    index,
    name: from.getBuildStage()?.toLowerCase() ?? undefined,
    from,
    base: undefined,
    instructions: [],
    checked: [],
  };
  const text = from.getImage();
  const range = from.getImageRange();
  if (text !== null && range !== null) {
    const resolved = expandVariables(text, (name) => fromVariable(globalArgs, name));
    const base: StageBase = { text, range, resolved, scratch: false, fromVariables: text.includes('$') };
    if (resolved !== undefined) {
      const lower = resolved.toLowerCase();
      base.stage = earlier.get(lower);
      base.scratch = lower === 'scratch';
      if (!base.stage && !base.scratch) base.reference = parseImageReference(resolved);
    }
    if (!base.reference && !base.stage && !base.scratch && base.fromVariables) base.lastComponent = literalLastComponent(text);
    stage.base = base;
  }
  return stage;
}

/**
 * The ARGs BuildKit defines without a declaration: the platform ones (`FROM --platform=$BUILDPLATFORM`)
 * and the proxy ones; their values come with the build.
 */
const PREDEFINED_ARGS = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE',
  'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy',
]);

/**
 * A variable's value in a FROM: the global ARG's default; unknown for a global ARG without one (it
 * comes with the build) and for the predefined ARGs; empty for a name never declared, which is what
 * the builder substitutes (`FROM alpine$TAG` is `FROM alpine`).
 */
function fromVariable(globalArgs: Map<string, string | undefined>, name: string): string | undefined {
  if (globalArgs.has(name)) return globalArgs.get(name);
  return PREDEFINED_ARGS.has(name) || name.startsWith('BUILDKIT_') ? undefined : '';
}

/** `${REGISTRY}/ubuntu:22.04` → `ubuntu:22.04`, read as a reference whose text is the whole argument; undefined when the last component uses variables. */
function literalLastComponent(text: string): ImageReference | undefined {
  const slash = text.lastIndexOf('/');
  const last = text.slice(slash + 1);
  if (slash < 0 || last.includes('$') || text.slice(0, slash).includes('@')) return undefined;
  const reference = parseImageReference(last);
  return reference && { ...reference, text };
}

const NONE: Property[] = [];

/** Every `NAME[=default]` an ARG instruction declares (`ARG A=1 B` declares two). */
export function argDeclarations(instruction: Instruction): Property[] {
  return instruction.keyword === 'ARG' ? instruction.getProperties() : NONE;
}

/** Every `NAME=value` pair an ENV instruction sets. */
export function envProperties(instruction: Instruction): Property[] {
  return instruction.keyword === 'ENV' ? instruction.getProperties() : NONE;
}

/**
 * Every `NAME=value` an ENV sets or an ARG declares, in document order, with its instruction, the
 * instruction's keyword and all the pairs of that instruction (a fix removing one keeps the others).
 */
export function variablePairs(model: DockerfileModel): readonly VariablePair[] {
  // Several rules read the pairs; each model lists them once.
  return derived(model, readVariablePairs);
}

function readVariablePairs(model: DockerfileModel): VariablePair[] {
  const pairs: VariablePair[] = [];
  for (const instruction of model.checked) {
    const env = envProperties(instruction);
    for (const pair of env) pairs.push({ keyword: 'ENV', pair, instruction, pairs: env });
    const args = argDeclarations(instruction);
    for (const pair of args) pairs.push({ keyword: 'ARG', pair, instruction, pairs: args });
  }
  return pairs;
}

export interface VariablePair {
  keyword: 'ENV' | 'ARG';
  pair: Property;
  instruction: Instruction;
  pairs: Property[];
}

/**
 * The value of a variable at an instruction of a stage, as the builder would substitute it: the last
 * ENV or ARG (default, or the global default for a bare `ARG NAME`) before it in the stage, else the
 * ENV the stage inherits from the earlier stage it is built on.
 */
export function variableAt(model: DockerfileModel, stage: DockerfileStage, before: Instruction, name: string): string | undefined {
  let value = stage.base?.stage ? inheritedEnv(stage.base.stage, name) : undefined;
  // An instruction starting at or after the start of that line starts on it or later: offsets tell without making ranges.
  const limit = model.lines.lineStartAt(before.start);
  for (const instruction of stage.instructions) {
    if (instruction.start >= limit) break;
    const keyword = instruction.keyword;
    if (keyword === 'ENV') {
      for (const property of envProperties(instruction)) if (property.getName() === name) value = property.getValue() ?? '';
    } else if (keyword === 'ARG') {
      for (const property of argDeclarations(instruction)) {
        if (property.getName() === name) value = property.getValue() ?? model.globalArgs.get(name);
      }
    }
  }
  return value;
}

/** The value the ENVs of a stage (and of the stages it is built on) leave for `name`: what `FROM <stage>` inherits. */
function inheritedEnv(stage: DockerfileStage, name: string): string | undefined {
  let value: string | undefined;
  for (const instruction of stage.instructions) {
    for (const property of envProperties(instruction)) if (property.getName() === name) value = property.getValue() ?? '';
  }
  if (value !== undefined) return value;
  return stage.base?.stage ? inheritedEnv(stage.base.stage, name) : undefined;
}

/** Expands variables in an instruction argument with the values in force at that instruction. */
export function expandAt(model: DockerfileModel, stage: DockerfileStage, at: Instruction, text: string): string | undefined {
  return expandVariables(text, (name) => variableAt(model, stage, at, name));
}

/**
 * How a message names a keyword that is not an instruction: its leading word, at most 24 characters.
 * What follows the word is left out: a line such as `TOKEN=ghp_…` (an ENV continuation missing its
 * backslash) holds a secret.
 */
function describeKeyword(keyword: string): string {
  const word = /^[A-Za-z0-9_-]{0,24}/.exec(keyword)![0];
  if (word === '') return 'Unknown instruction';
  return `Unknown instruction "${word}${word.length < keyword.length ? '…' : ''}"`;
}
