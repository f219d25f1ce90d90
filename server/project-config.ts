import { CONFIG_FILE_NAMES, cutAtFirstOf, folderOf, resolveFolderConfig, type ConfigProblem, type ProjectConfig, type ResolvedProjectConfig } from '../rules';

/** The project configuration that applies to a document. */
export interface DocumentConfig {
  /** The workspace folder, ending with `/`; undefined for a document outside every folder. */
  folder?: string;
  /** The folder of the configuration file that applies, ending with `/`: its `ignore` globs and key files are relative to it. */
  configFolder?: string;
  config: ProjectConfig;
}

/**
 * The configuration of each document: the nearest `.bulwark.yaml` above it within its workspace
 * folder, with the files it extends (rules/config-cascade.ts), read through `readFile` (open
 * documents first, then the disk) and kept per folder until `reload`.
 */
export class ProjectConfigs {
  private folders: string[] = [];
  /** By the folder of the documents it applies to. */
  private readonly resolved = new Map<string, ResolvedProjectConfig>();
  /** Every configuration file read so far (extended files have any name). */
  private readonly filesRead = new Set<string>();

  /** `filesRead` is called when a configuration file is read for the first time: its problems are to be published. */
  constructor(
    private readonly readFile: (uri: string) => string | undefined,
    private readonly newFilesRead: () => void = () => undefined,
  ) {}

  /** The workspace folders (URIs), as the client announces them. */
  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris.map((uri) => (uri.endsWith('/') ? uri : `${uri}/`)).sort((a, b) => b.length - a.length);
    this.reload();
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** Whether `uri` names a configuration file: a `.bulwark.yaml` within a workspace folder, or a file one extends. */
  isConfigFile(uri: string): boolean {
    if (this.filesRead.has(uri)) return true;
    const folder = folderOf(uri);
    return this.folders.some((workspaceFolder) => folder.startsWith(workspaceFolder)) && CONFIG_FILE_NAMES.some((name) => uri === `${folder}${name}`);
  }

  /** Forgets what was read: a change to one file can change the configuration of every folder below it, or extending it. */
  reload(): void {
    this.resolved.clear();
  }

  /** The folders (of documents) whose configuration, as resolved so far, was read from the file at `uri`. */
  foldersReading(uri: string): string[] {
    return [...this.resolved].filter(([, resolved]) => resolved.files.includes(uri)).map(([folder]) => folder);
  }

  forDocument(documentUri: string): DocumentConfig {
    const folder = this.folders.find((candidate) => documentUri.startsWith(candidate));
    if (folder === undefined) return { config: {} };
    const resolved = this.resolve(folderOf(documentUri), folder);
    return { folder, configFolder: resolved.file === undefined ? undefined : folderOf(resolved.file), config: resolved.config };
  }

  /** The problems of every configuration file read (those at the workspace folders' roots at least), by file. */
  problemsByFile(): Map<string, ConfigProblem[]> {
    for (const folder of this.folders) this.resolve(folder, folder);
    const byFile = new Map<string, ConfigProblem[]>();
    for (const resolved of this.resolved.values()) {
      for (const file of resolved.files) byFile.set(file, []);
    }
    for (const resolved of new Set(this.resolved.values())) {
      for (const { file, ...problem } of resolved.problems) {
        const list = byFile.get(file) ?? [];
        // Files shared by several folders are resolved several times: each problem once.
        if (!list.some((known) => JSON.stringify(known) === JSON.stringify(problem))) list.push(problem);
        byFile.set(file, list);
      }
    }
    return byFile;
  }

  private resolve(documentFolder: string, workspaceFolder: string): ResolvedProjectConfig {
    let resolved = this.resolved.get(documentFolder);
    if (!resolved) {
      resolved = resolveFolderConfig(documentFolder, workspaceFolder, this.readFile);
      this.resolved.set(documentFolder, resolved);
      const fresh = resolved.files.filter((file) => !this.filesRead.has(file));
      for (const file of fresh) this.filesRead.add(file);
      if (fresh.length > 0) this.newFilesRead();
    }
    return resolved;
  }
}

/** The path of a document relative to a folder, decoded and `/`-separated. */
export function relativePath(folder: string, documentUri: string): string {
  const relative = cutAtFirstOf(documentUri.slice(folder.length), '?#');
  try {
    return decodeURIComponent(relative);
  } catch {
    return relative;
  }
}
