import { ImageFactsService, type RegistryOptions } from '../registry/facts';
import { loadTrustKeys } from '../registry/trust-keys';
import type { ImageFactsProvider, LintOptions, ProjectConfig } from '../rules';
import type { ServerSettings } from './settings';

/**
 * The online features of the language server: one image facts service (one cache for every
 * document) for the settings in force, and who asked about which image, so the documents that
 * asked are linted again when an answer arrives. Off unless `bulwark.online.registry` is on, and a
 * project file turns it on only in a trusted workspace.
 */
export class OnlineFeatures {
  private service?: ImageFactsService;
  private serviceKey = '';
  private readonly askedBy = new Map<string, Set<string>>();

  constructor(
    private readonly relint: (documentUris: string[]) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** The provider to lint a document with, or undefined when the online features are off for it. */
  provider(documentUri: string, settings: ServerSettings, project: ProjectConfig, projectFolder: string | undefined, rules: LintOptions['rules']): ImageFactsProvider | undefined {
    // An untrusted workspace's project file can neither turn the features on nor point them elsewhere.
    const fromProject = settings.workspaceTrusted ? project : {};
    if (!(fromProject.online?.registry ?? settings.online.registry)) return undefined;
    const trustKeys = [...settings.trust.keys, ...(fromProject.trust?.keys ?? [])];
    const options: RegistryOptions = {
      insecureRegistries: [...settings.online.insecureRegistries, ...(fromProject.online?.insecureRegistries ?? [])],
      registryMap: { ...settings.online.registryMap, ...fromProject.online?.registryMap },
      signatures: rules?.['image-unsigned'] !== 'off',
    };
    const key = JSON.stringify([options, trustKeys, projectFolder]);
    if (!this.service || key !== this.serviceKey) {
      // Key files are read when the settings change, not at every lint.
      const trust = loadTrustKeys(trustKeys, projectFolder);
      for (const problem of trust.problems) this.warn(`Bulwark ignores a trust key: ${problem}.`);
      this.service = new ImageFactsService({ ...options, trustKeys: trust.keys });
      this.serviceKey = key;
      this.service.onResolved((name) => this.resolved(name));
    }
    return this.service.provider((name) => {
      let uris = this.askedBy.get(name);
      if (!uris) this.askedBy.set(name, (uris = new Set()));
      uris.add(documentUri);
    });
  }

  /** The service in force, if the online features are on for some document. */
  get facts(): ImageFactsService | undefined {
    return this.service;
  }

  private resolved(name: string): void {
    const uris = this.askedBy.get(name);
    this.askedBy.delete(name);
    if (uris) this.relint([...uris]);
  }
}
