/**
 * Secret-like variable names, as the rule catalog defines them: a name part (split on `_`, `-`, `.`
 * and camelCase) that names a credential, unless the name says it holds something else
 * (a file path, a user name, an id, a setting about the credential).
 */

/**
 * Credential words, also at the end of a run-together part (`WEBPASSWORD`, `LDAP_ROOTPASS`,
 * `ADMINTOKEN`): the catalog reads them "as a word part".
 */
const SECRET_ENDINGS = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'PASS', 'SECRET', 'SECRETS', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY', 'SECRETKEY', 'ACCESSKEY'];
/** Ordinary words with such an ending. */
const NOT_SECRET_WORDS = new Set(['BYPASS', 'COMPASS', 'SURPASS', 'TRESPASS', 'ENCOMPASS', 'OVERPASS', 'UNDERPASS']);
/** Short credential words, only as a whole part (`DB_PWD`, not `OLDPWD`). */
const SECRET_PARTS = new Set(['PWD']);
/**
 * Credential words only as the whole last part: before it they name a group of settings
 * (`GF_AUTH_ANONYMOUS_ENABLED`, `AUTH_LDAP_BIND_DN`, Playwright's `PW_TEST_…`). `PSW` is the password
 * half of a Jenkins credentials binding (`NEXUS_CREDS_PSW`, beside `_USR`), `CREDS` the
 * `user:password` pair itself, `PAT` a personal access token, `PSK` a pre-shared key.
 */
const SECRET_LAST_PARTS = new Set(['AUTH', 'PW', 'PSW', 'PASWD', 'CRED', 'CREDS', 'PAT', 'PSK']);
/** Adjacent parts that together name a credential. */
const SECRET_PAIRS = new Set(['API_KEY', 'ACCESS_KEY', 'PRIVATE_KEY', 'SECRET_KEY', 'SIGNING_KEY', 'ENCRYPTION_KEY', 'MASTER_KEY', 'CLIENT_SECRET', 'CONN_STRING', 'CONNECTION_STRING', 'AUTH_KEY', 'LICENSE_KEY', 'SESSION_KEY', 'SSH_KEY', 'DEPLOY_KEY']);
/** SECRET_PAIRS by their first part: each is two parts, so a pair is looked up without joining them. */
const SECRET_PAIR_SECONDS = new Map<string, Set<string>>();
for (const pair of SECRET_PAIRS) {
  const [first, second] = pair.split('_');
  if (!SECRET_PAIR_SECONDS.has(first)) SECRET_PAIR_SECONDS.set(first, new Set());
  SECRET_PAIR_SECONDS.get(first)!.add(second);
}
/** Key ids that are credentials in their own right (they pair with a secret and are enough to phish or enumerate). */
const SECRET_IDS = new Set(['AWS_ACCESS_KEY_ID']);

/** A final part that says the value is not the secret itself. */
const NOT_SECRET_SUFFIXES = new Set([
  'FILE', 'PATH', 'DIR', 'URL', 'URI', 'HEADER', 'NAME', 'USER', 'USERNAME', 'USR', 'LOGIN', 'ID', 'IDS', 'HOST', 'PORT', 'ENDPOINT',
  'LENGTH', 'LEN', 'MIN', 'MAX', 'SIZE', 'COUNT', 'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'LIFETIME', 'TIMEOUT',
  'ENABLED', 'DISABLED', 'ENABLE', 'DISABLE', 'REQUIRED', 'POLICY', 'TYPE', 'ALGORITHM', 'ALG', 'METHOD', 'MODE',
  'PROVIDER', 'VERSION', 'FORMAT', 'LOCATION', 'SOURCE', 'FIELD', 'PARAM', 'PREFIX', 'SUFFIX', 'ISSUER', 'AUDIENCE',
  'SCOPE', 'SCOPES', 'REALM', 'STRATEGY', 'BACKEND', 'PLUGIN', 'COMMAND', 'CMD', 'HELPER', 'DOMAIN', 'SERVER', 'SERVICE',
  'EXPIRE', 'SECONDS', 'SECS', 'MINUTES', 'MINS', 'HOURS', 'DAYS', 'MS', 'INTERVAL', 'RETRIES', 'ATTEMPTS', 'LIMIT',
]);
/** A part that makes the variable a switch about a credential (`MYSQL_ALLOW_EMPTY_PASSWORD`, `RANDOM_ROOT_PASSWORD`). */
const SWITCH_PARTS = new Set(['ALLOW', 'RANDOM', 'EMPTY', 'REQUIRE', 'SKIP', 'USE', 'NO', 'DISABLE', 'ENABLE', 'GENERATE', 'RESET']);
/** Shell variables that merely contain a credential word (`PWD` is the working directory). */
const SHELL_VARIABLES = new Set(['PWD', 'OLDPWD']);

/** SECRET_IDS and SHELL_VARIABLES by their parts: a name's parts are compared with them without being joined. */
const SECRET_ID_PARTS = [...SECRET_IDS].map((id) => id.split('_'));
const SHELL_VARIABLE_PARTS = [...SHELL_VARIABLES].map((variable) => variable.split('_'));

/** SECRET_ENDINGS by their last letter: a part is compared only with the endings it may have. */
const SECRET_ENDINGS_BY_LAST = new Map<string, string[]>();
for (const ending of SECRET_ENDINGS) {
  const last = ending[ending.length - 1];
  SECRET_ENDINGS_BY_LAST.set(last, [...(SECRET_ENDINGS_BY_LAST.get(last) ?? []), ending]);
}

/** Whether the parts of a name end with `tail` (`_AWS_ACCESS_KEY_ID` at the end of a name): with `whole`, are just these. */
function endsWithParts(parts: readonly string[], tail: readonly string[], whole = false): boolean {
  if (parts.length < tail.length || (whole && parts.length !== tail.length)) return false;
  for (let i = 1; i <= tail.length; i++) if (parts[parts.length - i] !== tail[tail.length - i]) return false;
  return true;
}

/**
 * The parts of a name, upper-cased: runs of ASCII letters and digits, split again where a lowercase
 * letter or digit meets an uppercase letter (`webPassword` → `WEB`, `PASSWORD`). Read in one pass:
 * every ENV, ARG and assigned name of a file is split here.
 */
export function nameParts(name: string): string[] {
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const upper = c >= 65 /* A */ && c <= 90; /* Z */
    if (!upper && !isLowercaseOrDigit(c)) {
      if (start >= 0) parts.push(name.slice(start, i).toUpperCase());
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if (upper && isLowercaseOrDigit(name.charCodeAt(i - 1))) {
      parts.push(name.slice(start, i).toUpperCase());
      start = i;
    }
  }
  if (start >= 0) parts.push(name.slice(start).toUpperCase());
  return parts;
}

function isLowercaseOrDigit(c: number): boolean {
  return (c >= 97 /* a */ && c <= 122) /* z */ || (c >= 48 /* 0 */ && c <= 57); /* 9 */
}

/**
 * What every secret-like name holds somewhere, in any case: one of the credential words above, or a
 * part of one (each word that holds another is left out; an id by its longest part). A name without
 * any (`NODE_ENV`, `PORT`, most names of a file) is judged no further, without being split.
 */
const SECRET_NAME_HINT = (() => {
  const words = [...SECRET_ENDINGS, ...SECRET_PARTS, ...SECRET_LAST_PARTS, ...[...SECRET_PAIR_SECONDS.values()].flatMap((seconds) => [...seconds])];
  for (const id of SECRET_IDS) words.push(id.split('_').reduce((longest, part) => (part.length > longest.length ? part : longest)));
  const shortest = words.filter((word) => !words.some((other) => other !== word && word.includes(other)));
  return new RegExp([...new Set(shortest)].join('|'), 'i');
})();

export function isSecretLikeName(name: string): boolean {
  if (!SECRET_NAME_HINT.test(name)) return false;
  const parts = nameParts(name);
  if (parts.length === 0) return false;
  // Parts hold no `_`: an id's parts at the end of the name's are the id, whole or after a `_`.
  for (const id of SECRET_ID_PARTS) if (endsWithParts(parts, id)) return true;
  for (const variable of SHELL_VARIABLE_PARTS) if (endsWithParts(parts, variable, true)) return false;
  const last = parts.length - 1;
  if (NOT_SECRET_SUFFIXES.has(parts[last])) return false;
  for (const part of parts) if (SWITCH_PARTS.has(part)) return false;
  // Plain loops, no closure nor joined pair per part: every ENV, ARG and assigned name of a file is judged here.
  for (let i = 0; i <= last; i++) {
    const part = parts[i];
    if (SECRET_PARTS.has(part) || (i === last && SECRET_LAST_PARTS.has(part))) return true;
    const endings = SECRET_ENDINGS_BY_LAST.get(part[part.length - 1]);
    if (endings && !NOT_SECRET_WORDS.has(part)) for (const ending of endings) if (part.endsWith(ending)) return true;
    if (i < last && SECRET_PAIR_SECONDS.get(part)?.has(parts[i + 1])) return true;
  }
  return false;
}
