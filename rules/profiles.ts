/**
 * Profiles: named rule sets. `recommended` (what the CLI and the editor run unless told otherwise)
 * keeps what is a concrete weakness; `strict` is the whole catalog, hardening advice included.
 * Each rule lists the profiles it belongs to (`RuleMeta.profiles`); a rule's own setting in
 * `rules:` wins over the profile, so `memory-limit-missing: warning` turns that one rule on.
 */
export const PROFILES = ['recommended', 'strict'] as const;

export type Profile = (typeof PROFILES)[number];

/** The profile the front ends run when none is chosen. */
export const DEFAULT_PROFILE: Profile = 'recommended';

/** What each profile is for, as the settings, the schema and the CLI's help describe it. */
export const PROFILE_DESCRIPTIONS: Record<Profile, string> = {
  recommended: 'Concrete weaknesses: secrets, root, capabilities, privileged and host access, image tags and trust, the daemon API. The default.',
  strict: 'Every rule of the catalog, hardening advice included (resource limits, read-only root, healthchecks, digest and package pinning, pipefail).',
};

export function isProfile(value: unknown): value is Profile {
  return (PROFILES as readonly unknown[]).includes(value);
}
