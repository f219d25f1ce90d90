/** The engine's public surface: what the server, the CLI and the tests import. */
export { lint, documentImages, tooLargeMessage, tooLargeToRead, capFindings, DEFAULT_MAX_FILE_SIZE, MAX_FINDINGS_PER_FILE, type DocumentImage } from './engine';
export { INTERNAL_ERROR, PARSE_ERROR, FILE_TOO_LARGE, INVALID_SUPPRESSION, TOO_MANY_FINDINGS } from './syntax-rules';
export { detectKind, kindOfName } from './kinds';
export { rules, allRules, ruleById } from './registry';
export { ruleDocsUrl, REPOSITORY_URL } from './docs';
export { redact, redactSecretsInLine, redactKnownValues, redactSourceText, redactUrlPasswords } from './secrets';
export type { Rule, RuleMeta, RuleCategory, PeerIds } from './rule';
export * from './types';
export { cutAtFirstOf, trimEndOf } from './text';
export { folderOf, resolveLocation, type DirectoryEntry, type WorkspaceView } from './workspace';
export { applyFixes, selectFixes, type FixOptions, type FixSelection } from './fixes/edits';
export { parseProjectConfig, registryMapProblem, isIgnoredPath, CONFIG_FILE_NAMES, type ProjectConfig, type ConfigProblem, type ParsedConfig, type OnlineConfig, type TrustKeySetting } from './config';
export { DockerfileModels } from './model/dockerfile-models';
export { globComplexityProblem } from './glob-bounds';
export { canonicalImage, parseImageReference, DOCKER_HUB, type CanonicalImage, type ImageReference } from './model/image-ref';
