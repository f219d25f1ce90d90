import { qualifiedName, type ImageReference } from './image-ref';

/**
 * Published images whose default user is not root, so a Dockerfile built on them runs unprivileged
 * without a USER of its own. Each entry is one the publisher documents or sets in its image
 * definition; an image not listed is taken to run as root, as Docker's default is.
 */

/** Images that set a non-root USER in every published tag. */
const NON_ROOT_REPOSITORIES = new Set([
  'docker.io/nginxinc/nginx-unprivileged',
  'docker.io/jenkins/jenkins',
  'docker.io/library/sonarqube',
  'docker.io/grafana/grafana',
  'docker.io/grafana/grafana-oss',
  'docker.io/prom/prometheus',
  'docker.io/prom/alertmanager',
  'docker.io/prom/node-exporter',
  'docker.elastic.co/elasticsearch/elasticsearch',
  'docker.io/library/elasticsearch',
  'quay.io/keycloak/keycloak',
]);

/** Bitnami's images all run as uid 1001. */
const NON_ROOT_PREFIXES = ['docker.io/bitnami/'];

/**
 * Chainguard images run as the user their apko definition's `run-as` names, `nonroot` (65532) or the
 * upstream user, `-dev` variants included; these set no `run-as` or `run-as: 0` and run as root.
 */
const CHAINGUARD_ROOT_IMAGES = new Set(['wolfi-base', 'chainguard-base', 'go']);

/** Red Hat's UBI language images (Software Collections' s2i images) end with `USER 1001`. */
const UBI_LANGUAGE_IMAGE = /^registry\.(?:access\.)?redhat\.(?:com|io)\/ubi\d+\/(?:nodejs|python|ruby|php|perl)-\d[\w.-]*$/;

/** A tag part naming a non-root variant: distroless `:nonroot`, `:debug-nonroot`, `:nonroot-amd64`; Docker's `:dind-rootless`. */
const NON_ROOT_TAG = /(?:^|[-_.])(?:nonroot|rootless)(?:$|[-_.])/;

export function isKnownNonRootImage(image: ImageReference): boolean {
  const name = qualifiedName(image);
  const tag = image.tag ?? '';
  if (NON_ROOT_TAG.test(tag)) return true;
  if (name.startsWith('cgr.dev/chainguard/')) return !CHAINGUARD_ROOT_IMAGES.has(name.slice('cgr.dev/chainguard/'.length));
  // .NET's Ubuntu Chiseled images run as their `app` user; the other .NET images only ship it.
  if (name.startsWith('mcr.microsoft.com/dotnet/')) return /(?:^|[-_.])chiseled(?:$|[-_.])/.test(tag);
  return NON_ROOT_REPOSITORIES.has(name) || NON_ROOT_PREFIXES.some((prefix) => name.startsWith(prefix)) || UBI_LANGUAGE_IMAGE.test(name);
}
