import { cisDockerBenchmarkIds } from './cis';

/**
 * Profiles: named rule sets. `recommended` (what the CLI and the editor run unless told otherwise)
 * keeps what is a concrete weakness; `strict` is the whole catalog, hardening advice included;
 * `cis` runs the rules that check a recommendation of the CIS Docker Benchmark. Each rule lists
 * the first two it belongs to (`RuleMeta.profiles`); `cis` follows from the benchmark's mapping
 * (rules/cis.ts), kept in one place. A rule's own setting in `rules:` wins over the profile, so
 * `memory-limit-missing: warning` turns that one rule on.
 */
export const PROFILES = ['recommended', 'strict', 'cis'] as const;

export type Profile = (typeof PROFILES)[number];

/** The profiles a rule names itself; `cis` is not one of them. */
export type DeclaredProfile = Exclude<Profile, 'cis'>;

/** Every profile that runs a rule: the ones it declares, and `cis` when it checks a CIS recommendation. */
export function profilesOf(rule: { id: string; profiles: readonly DeclaredProfile[] }): Profile[] {
  return cisDockerBenchmarkIds(rule.id).length > 0 ? [...rule.profiles, 'cis'] : [...rule.profiles];
}

/** Whether `profile` runs a rule (`profilesOf(rule).includes(profile)`), without building the list: the engine asks per rule and per finding. */
export function runsIn(rule: { id: string; profiles: readonly DeclaredProfile[] }, profile: Profile): boolean {
  return profile === 'cis' ? cisDockerBenchmarkIds(rule.id).length > 0 : rule.profiles.includes(profile);
}

/** The profile the front ends run when none is chosen. */
export const DEFAULT_PROFILE: Profile = 'recommended';

/** What each profile is for, as the settings, the schema and the CLI's help describe it. */
export const PROFILE_DESCRIPTIONS: Record<Profile, string> = {
  recommended: 'Concrete weaknesses: secrets, root, capabilities, privileged and host access, image tags and trust, the daemon API. The default.',
  strict: 'Every rule of the catalog, hardening advice included (resource limits, read-only root, healthchecks, digest and package pinning, pipefail).',
  cis: 'The rules that check a recommendation of the CIS Docker Benchmark, each at its own severity; reports name the recommendation.',
};

export function isProfile(value: unknown): value is Profile {
  return (PROFILES as readonly unknown[]).includes(value);
}
