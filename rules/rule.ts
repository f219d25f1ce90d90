import type { ComposeModel } from './model/compose';
import type { DaemonModel } from './model/daemon';
import type { DockerfileModel } from './model/dockerfile';
import { RUNTIME_KINDS, type ContainerRuntime, type RuntimeFileModel } from './model/runtime';
import type { UnitModel } from './model/systemd';
import type { WorkspaceView } from './workspace';
import type { DeclaredProfile } from './profiles';
import type { FileKind, Fix, ImageFactsProvider, Range, RelatedLocation, Severity } from './types';

export type RuleCategory = 'secrets' | 'privileges' | 'images' | 'network' | 'daemon' | 'hygiene' | 'syntax';

/** The equivalent rule ids in other tools, as listed in the peer inventory. */
export interface PeerIds {
  hadolint?: string;
  kics?: string;
  checkov?: string;
  trivy?: string;
  dclint?: string;
}

export interface RuleMeta {
  id: string;
  /** A short sentence naming the problem (SARIF shortDescription, README table). */
  title: string;
  severity: Severity;
  kinds: FileKind[];
  category: RuleCategory;
  /** The profiles that run the rule (`cis` follows from rules/cis.ts); `strict`, the whole catalog, is always one of them. */
  profiles: readonly DeclaredProfile[];
  peers: PeerIds;
  /** `online`: the fix needs answers from a registry (pin to digest), so an offline lint never offers it. */
  fix: { available: boolean; safe: boolean; online?: boolean };
  /** Reports only with image facts from a registry (online, opt-in): silent in an offline lint. */
  online?: boolean;
  /** Markdown: What it does / Why is this bad? / Example / Use instead / Fix safety. */
  docs: string;
}

export interface Report {
  range: Range;
  message: string;
  related?: RelatedLocation[];
  /**
   * The finding's fixes, or a function that makes them: it is called only when a fix is asked for
   * (a code action, fix-all, `--fix`), so a rule whose fixes cost something to build passes one.
   */
  fixes?: Fix[] | (() => Fix[] | undefined);
  /** Overrides the rule's severity for this one finding (e.g. a milder variant of the problem). */
  severity?: Severity;
  /**
   * Hardening advice where the rule's profile does not judge it (a missing setting on a `docker run`
   * line or in a dev container, which the rule judges in Compose): reported by the profiles beyond
   * `recommended`, or when the rule is set in `rules:`, not by `recommended`.
   */
  beyondRecommended?: boolean;
}

export interface RuleContext<M> {
  model: M;
  report(report: Report): void;
  /** The linted document's uri, against which the files it refers to are resolved. */
  documentUri: string;
  /** The files around the document, when the caller gives them (cross-file rules need them). */
  workspace?: WorkspaceView;
  /** Dockerfiles read for this lint, by location, so each is parsed once. */
  dockerfiles: Map<string, DockerfileModel | undefined>;
  /** daemon.json files read for this lint (the one a unit file's dockerd reads), by location. */
  daemonFiles: Map<string, DaemonModel | undefined>;
  /** The configured trusted registries (`LintOptions.trustedRegistries`); empty when none is configured. */
  trustedRegistries: readonly string[];
  /** What registries say about images, when the caller turned the online features on. */
  imageFacts?: ImageFactsProvider;
}

export interface Rule extends RuleMeta {
  check: {
    dockerfile?(ctx: RuleContext<DockerfileModel>): void;
    compose?(ctx: RuleContext<ComposeModel>): void;
    daemon?(ctx: RuleContext<DaemonModel>): void;
    systemd?(ctx: RuleContext<UnitModel>): void;
    devcontainer?(ctx: RuleContext<RuntimeFileModel>): void;
    shell?(ctx: RuleContext<RuntimeFileModel>): void;
    ci?(ctx: RuleContext<RuntimeFileModel>): void;
    /**
     * Judges the containers a file declares, whatever declares them (Compose services, a dev
     * container, `docker run` lines): called once per lint of a file of a runtime kind the rule
     * lists, with every container of the file.
     */
    runtime?(ctx: RuleContext<ContainerRuntime[]>): void;
  };
}

export function defineRule(rule: Rule): Rule {
  if (!rule.profiles.includes('strict')) throw new Error(`rule ${rule.id} is not in the strict profile, which holds every rule`);
  // Findings of the `syntax` category come from the engine itself, not from a check.
  for (const kind of rule.category === 'syntax' ? [] : rule.kinds) {
    const runtime = rule.check.runtime && RUNTIME_KINDS.includes(kind);
    if (!rule.check[kind] && !runtime) throw new Error(`rule ${rule.id} lists kind ${kind} but has no check for it`);
  }
  if (rule.check.runtime && !rule.kinds.some((kind) => RUNTIME_KINDS.includes(kind))) throw new Error(`rule ${rule.id} has a runtime check but lists no kind that declares containers`);
  return rule;
}
