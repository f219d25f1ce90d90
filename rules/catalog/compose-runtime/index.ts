import type { Rule } from '../../rule';

/** The rules of this folder, in catalog order. */
export const RULES: readonly Rule[] = [];
