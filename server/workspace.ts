import type { TextDocument } from 'vscode-languageserver-textdocument';
import { folderOf, type DirectoryEntry, type WorkspaceView } from '../rules';
import { isWithin, listDirectoryOnDisk, readFileFromDisk } from './disk-workspace';

/** The open documents, as the server's document manager holds them. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

/**
 * The files the engine may see from the server: the open documents (unsaved text wins) and the disk,
 * never outside the workspace folders the client announced, or, when it announced none, outside the
 * linted document's own folder.
 *
 * Folder listings are kept between lints only while the client reports file changes (a file watcher):
 * without those reports a kept listing could go stale, so each lint lists afresh.
 */
export class ServerWorkspace {
  private folders: readonly string[] = [];
  private listings: Map<string, DirectoryEntry[] | undefined> | undefined;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly maxBytes: number,
  ) {}

  /** The workspace folders (URIs), as announced at initialize and changed later. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map((uri) => (uri.endsWith('/') ? uri : `${uri}/`));
    this.listings?.clear();
  }

  /** The client now reports every file created, changed or deleted: listings can be kept. */
  keepListings(): void {
    this.listings ??= new Map();
  }

  /** Files or folders were created, changed or deleted: forget the listings they change. */
  filesChanged(uris: readonly string[]): void {
    if (!this.listings) return;
    for (const uri of uris) {
      const folder = uri.endsWith('/') ? uri : `${uri}/`;
      for (const listed of [...this.listings.keys()]) {
        if (listed === folderOf(uri.replace(/\/+$/, '')) || listed.startsWith(folder)) this.listings.delete(listed);
      }
    }
  }

  /** The view one lint of `documentUri` gets. */
  viewFor(documentUri: string): WorkspaceView {
    const roots = this.folders.length > 0 ? this.folders : [folderOf(documentUri)];
    return {
      readFile: (location) => this.documents.get(location)?.getText() ?? (isWithin(location, roots) ? readFileFromDisk(location, this.maxBytes) : undefined),
      listDirectory: (location) => (isWithin(location, roots) ? this.listWithOpenDocuments(location.endsWith('/') ? location : `${location}/`) : undefined),
    };
  }

  /** The folder on the disk plus the open documents in it (or in folders below it) that are not saved there yet. */
  private listWithOpenDocuments(folder: string): DirectoryEntry[] | undefined {
    const onDisk = this.diskListing(folder);
    const entries = new Map(onDisk?.map((entry) => [entry.name, entry]));
    let unsaved = false;
    for (const document of this.documents.all()) {
      if (!document.uri.startsWith(folder) || document.uri === folder) continue;
      const [first, ...rest] = document.uri.slice(folder.length).split('/');
      const name = decodeURIComponent(first);
      if (entries.has(name)) continue;
      entries.set(name, { name, isDirectory: rest.length > 0 });
      unsaved = true;
    }
    return onDisk === undefined && !unsaved ? undefined : [...entries.values()];
  }

  private diskListing(folder: string): DirectoryEntry[] | undefined {
    if (!this.listings) return listDirectoryOnDisk(folder);
    if (!this.listings.has(folder)) this.listings.set(folder, listDirectoryOnDisk(folder));
    return this.listings.get(folder);
  }
}
