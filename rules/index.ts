/** The engine's public surface: what the server, the CLI and the tests import. */
export { lint, documentImages, tooLargeMessage, tooLargeToRead, capFindings, DEFAULT_MAX_FILE_SIZE, MAX_FINDINGS_PER_FILE, type DocumentImage } from './engine';
export { INTERNAL_ERROR, PARSE_ERROR, FILE_TOO_LARGE, INVALID_SUPPRESSION, TOO_MANY_FINDINGS } from './syntax-rules';
export { CONTENT_SNIFF_CHARACTERS, detectKind, isMakefileName, kindOfContent, kindOfName, kindOfShebang, mayHaveShebang, mayTellByContent } from './kinds';
export { rules, allRules, ruleById } from './registry';
export { PROFILES, DEFAULT_PROFILE, PROFILE_DESCRIPTIONS, isProfile, profilesOf, type Profile, type DeclaredProfile } from './profiles';
export { ruleDocsUrl, ruleRationale, REPOSITORY_URL } from './docs';
export { redact, redactSecretsInLine, knownValueMasker, redactUrlPasswords } from './secrets';
export { cisDockerBenchmarkIds, CIS_DOCKER_BENCHMARK_VERSION } from './cis';
export type { Rule, RuleMeta, RuleCategory, PeerIds } from './rule';
export * from './types';
export { cutAtFirstOf, trimEndOf } from './text';
export { folderOf, resolveLocation, type DirectoryEntry, type WorkspaceView } from './workspace';
export { applyFixes, selectFixes, type FixOptions, type FixSelection } from './fixes/edits';
export { parseProjectConfig, registryMapProblem, isIgnoredPath, CONFIG_FILE_NAMES, SEVERITY_SETTINGS, TOP_LEVEL_KEYS as CONFIG_KEYS, ONLINE_KEYS as CONFIG_ONLINE_KEYS, TRUST_KEY_KEYS as CONFIG_TRUST_KEY_KEYS, SUPPRESSION_KEYS as CONFIG_SUPPRESSION_KEYS, type ProjectConfig, type ConfigProblem, type ParsedConfig, type OnlineConfig, type TrustKeySetting } from './config';
export { DockerfileModels } from './model/dockerfile-models';
export { globComplexityProblem } from './glob-bounds';
export { canonicalImage, parseImageReference, DOCKER_HUB, type CanonicalImage, type ImageReference } from './model/image-ref';
export { resolveFolderConfig, resolveConfigFile, mergeConfigs, MAX_EXTENDS_DEPTH, type ResolvedProjectConfig, type ConfigFileProblem } from './config-cascade';
