import { ImageFactsService, type RegistryOptions } from '../registry/facts';
import { loadTrustKeys } from '../registry/trust-keys';
import type { ImageFactsProvider, LintOptions, ProjectConfig } from '../rules';
import type { ServerSettings } from './settings';

/**
 * The online features of the language server: one image facts service (one cache for every
 * document) for the settings in force, and who asked about which image, so the documents that
 * asked are linted again when an answer arrives. Off unless `bulwark.online.registry` is on, and a
 * project file turns it on only in a trusted workspace; insecure registries, the registry map and
 * trust keys come from the user's settings only (docs/security.md).
 */
/** Distinct configurations kept at once: one per workspace folder is the common case. */
const MAX_CONFIGURATIONS = 8;

export class OnlineFeatures {
  /** One service per distinct configuration (workspace folders may differ), the latest used last. */
  private readonly services = new Map<string, ImageFactsService>();
  private current?: ImageFactsService;
  private readonly askedBy = new Map<string, Set<string>>();

  constructor(
    private readonly relint: (documentUris: string[]) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** The provider to lint a document with, or undefined when the online features are off for it. */
  provider(documentUri: string, settings: ServerSettings, project: ProjectConfig, projectFolder: string | undefined, rules: LintOptions['rules']): ImageFactsProvider | undefined {
    // The project file may turn the features off; on only in a workspace the user trusts.
    const fromProject = project.online?.registry;
    const on = fromProject === false ? false : settings.online.registry || (fromProject === true && settings.workspaceTrusted);
    if (!on) return undefined;
    // Where to connect, over what, and which keys make an image trusted: the user's settings alone.
    const trustKeys = settings.trust.keys;
    const options: RegistryOptions = {
      insecureRegistries: settings.online.insecureRegistries,
      registryMap: settings.online.registryMap,
      signatures: rules?.['image-unsigned'] !== 'off',
    };
    const key = JSON.stringify([options, trustKeys, projectFolder]);
    let service = this.services.get(key);
    if (service) this.services.delete(key);
    else {
      // Key files are read when the configuration changes, not at every lint.
      const trust = loadTrustKeys(trustKeys, projectFolder);
      for (const problem of trust.problems) this.warn(`Bulwark ignores a trust key: ${problem}.`);
      service = new ImageFactsService({ ...options, trustKeys: trust.keys });
      service.onResolved((name) => this.resolved(name));
    }
    this.services.set(key, service);
    if (this.services.size > MAX_CONFIGURATIONS) this.services.delete(this.services.keys().next().value as string);
    this.current = service;
    return service.provider((name) => {
      let uris = this.askedBy.get(name);
      if (!uris) this.askedBy.set(name, (uris = new Set()));
      uris.add(documentUri);
    });
  }

  /** The service of the document `provider` was last called for (undefined before any). */
  get facts(): ImageFactsService | undefined {
    return this.current;
  }

  private resolved(name: string): void {
    const uris = this.askedBy.get(name);
    this.askedBy.delete(name);
    if (uris) this.relint([...uris]);
  }
}
