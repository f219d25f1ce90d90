import { CONFIG_FILE_NAMES, cutAtFirstOf, folderOf, parseProjectConfig, type ParsedConfig } from '../rules';

/** The project configuration that applies to a document: the one of its workspace folder. */
export interface FolderConfig {
  /** The workspace folder, ending with `/`; undefined for a document outside every folder. */
  folder?: string;
  /** The configuration file's uri, when the folder has one. */
  configUri?: string;
  parsed: ParsedConfig;
}

const NO_CONFIG: ParsedConfig = { config: {}, problems: [] };

/**
 * The `.bulwark.yaml` of each workspace folder, read through `readFile` (open documents first, then
 * the disk) and kept until `reload` says the file changed.
 */
export class ProjectConfigs {
  private folders: string[] = [];
  private readonly loaded = new Map<string, FolderConfig>();

  constructor(private readonly readFile: (uri: string) => string | undefined) {}

  /** The workspace folders (URIs), as the client announces them. */
  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris.map((uri) => (uri.endsWith('/') ? uri : `${uri}/`)).sort((a, b) => b.length - a.length);
    this.loaded.clear();
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** Whether `uri` names a configuration file at the root of a workspace folder. */
  isConfigFile(uri: string): boolean {
    return this.folders.includes(folderOf(uri)) && CONFIG_FILE_NAMES.some((name) => uri === `${folderOf(uri)}${name}`);
  }

  /** Forgets what was read for the folder of `configUri` (all folders without argument); returns the folders affected. */
  reload(configUri?: string): string[] {
    const folders = configUri === undefined ? [...this.loaded.keys()] : [folderOf(configUri)];
    for (const folder of folders) this.loaded.delete(folder);
    return folders;
  }

  forDocument(documentUri: string): FolderConfig {
    const folder = this.folders.find((candidate) => documentUri.startsWith(candidate));
    if (folder === undefined) return { parsed: NO_CONFIG };
    let config = this.loaded.get(folder);
    if (!config) {
      config = this.read(folder);
      this.loaded.set(folder, config);
    }
    return config;
  }

  /** The configuration of every workspace folder, for publishing their problems. */
  all(): FolderConfig[] {
    return this.folders.map((folder) => this.forDocument(folder));
  }

  private read(folder: string): FolderConfig {
    for (const name of CONFIG_FILE_NAMES) {
      const configUri = `${folder}${name}`;
      const text = this.readFile(configUri);
      if (text !== undefined) return { folder, configUri, parsed: parseProjectConfig(text) };
    }
    return { folder, parsed: NO_CONFIG };
  }
}

/** The path of a document relative to its workspace folder, decoded and `/`-separated. */
export function relativePath(folder: string, documentUri: string): string {
  const relative = cutAtFirstOf(documentUri.slice(folder.length), '?#');
  try {
    return decodeURIComponent(relative);
  } catch {
    return relative;
  }
}
