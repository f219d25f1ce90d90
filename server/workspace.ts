import type { TextDocument } from 'vscode-languageserver-textdocument';
import { folderOf, trimEndOf, type DirectoryEntry, type WorkspaceView } from '../rules';
import { isWithin, listDirectoryOnDisk, readFileFromDisk, realRoots } from '../disk/workspace';

/** The text of files read from the disk that is kept at most. */
const MAX_KEPT_CHARACTERS = 16 * 1024 * 1024;

/** Locations whose place in the workspace is kept at most. */
const MAX_KEPT_LOCATIONS = 100_000;

/** Names as the file system compares them: macOS and Windows disks ignore case by default. */
const foldCase = process.platform === 'darwin' || process.platform === 'win32' ? (name: string) => name.toLowerCase() : (name: string) => name;

/** The names in a kept folder listing, for the reads that look for a file there. */
const namesOf = new WeakMap<readonly DirectoryEntry[], ReadonlySet<string>>();

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
 * What the disk gives (folder listings, files read for another file's lint) is kept between lints
 * only while the client reports file changes (a file watcher), or for the length of a workspace
 * scan, which reads the same Compose files and lists the same folders for many files: otherwise a
 * kept answer could go stale unnoticed, so each lint reads afresh.
 */
export class ServerWorkspace {
  private folders: readonly string[] = [];
  private listings: Map<string, DirectoryEntry[] | undefined> | undefined;
  /**
   * Whether a location lies within the workspace folders, by location, kept with the listings: the
   * check resolves real paths (system calls), and a scan asks it for the same folders and files for
   * every file. Only while workspace folders are set (every lint then has the same roots).
   */
  private withinFolders: Map<string, boolean> | undefined;
  private files: Map<string, string | undefined> | undefined;
  private keptCharacters = 0;
  private watched = false;
  private scans = 0;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly maxBytes: number,
  ) {}

  /** The workspace folders (URIs), as announced at initialize and changed later. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map((uri) => (uri.endsWith('/') ? uri : `${uri}/`));
    this.listings?.clear();
    this.withinFolders?.clear();
    this.forgetFiles();
  }

  /** The client now reports every file created, changed or deleted: what the disk gives can be kept. */
  keepListings(): void {
    this.watched = true;
    this.keep();
  }

  /** A workspace scan starts: the disk is read once for it; the function returned says it ended. */
  scanStarted(): () => void {
    this.scans++;
    this.keep();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.scans > 0 || this.watched) return;
      this.listings = undefined;
      this.withinFolders = undefined;
      this.forgetFiles();
      this.files = undefined;
    };
  }

  /** Files or folders were created, changed or deleted: forget the listings and the texts they change. */
  filesChanged(uris: readonly string[]): void {
    if (!this.listings) return;
    // A link created or removed anywhere may change where a location's real path leads.
    this.withinFolders?.clear();
    for (const uri of uris) {
      const folder = uri.endsWith('/') ? uri : `${uri}/`;
      for (const listed of [...this.listings.keys()]) {
        if (listed === folderOf(trimEndOf(uri, '/')) || listed.startsWith(folder)) this.listings.delete(listed);
      }
      for (const [read, text] of [...(this.files ?? [])]) {
        if (read === uri || read.startsWith(folder)) this.forgetFile(read, text);
      }
    }
  }

  /** The view one lint of `documentUri` gets. */
  viewFor(documentUri: string): WorkspaceView {
    const roots = this.folders.length > 0 ? this.folders : [folderOf(documentUri)];
    const within = (location: string) => this.within(location, roots);
    // The read checks the file's real path itself: a link changed since a kept answer was given still cannot lead out.
    const real = realRoots(roots);
    return {
      readFile: (location) => this.documents.get(location)?.getText() ?? (within(location) ? this.diskFile(location, real) : undefined),
      listDirectory: (location) => (within(location) ? this.listWithOpenDocuments(location.endsWith('/') ? location : `${location}/`) : undefined),
    };
  }

  private within(location: string, roots: readonly string[]): boolean {
    if (!this.withinFolders || roots !== this.folders) return isWithin(location, roots);
    let answer = this.withinFolders.get(location);
    if (answer === undefined) {
      if (this.withinFolders.size >= MAX_KEPT_LOCATIONS) this.withinFolders.clear();
      this.withinFolders.set(location, (answer = isWithin(location, roots)));
    }
    return answer;
  }

  /** The folder on the disk plus the open documents in it (or in folders below it) that are not saved there yet. */
  private listWithOpenDocuments(folder: string): readonly DirectoryEntry[] | undefined {
    const onDisk = this.diskListing(folder);
    // Mostly none is: the listing as it is, without a copy.
    if (!this.documents.all().some((document) => document.uri.startsWith(folder) && document.uri !== folder)) return onDisk;
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

  private keep(): void {
    this.listings ??= new Map();
    this.withinFolders ??= new Map();
    this.files ??= new Map();
  }

  private diskFile(location: string, roots: readonly string[]): string | undefined {
    if (!this.files) return readFileFromDisk(location, this.maxBytes, roots);
    if (this.files.has(location)) return this.files.get(location);
    // A kept listing of its folder already says whether it is there.
    const text = this.absentFromKeptListing(location) ? undefined : readFileFromDisk(location, this.maxBytes, roots);
    // Bounded: past the budget, start again rather than hold a whole monorepo's text.
    if (this.keptCharacters + (text?.length ?? 0) > MAX_KEPT_CHARACTERS) this.forgetFiles();
    this.files.set(location, text);
    this.keptCharacters += text?.length ?? 0;
    return text;
  }

  private absentFromKeptListing(location: string): boolean {
    const listing = this.listings?.get(folderOf(location));
    if (!listing) return false;
    let names = namesOf.get(listing);
    if (!names) namesOf.set(listing, (names = new Set(listing.map((entry) => foldCase(entry.name)))));
    const name = location.slice(location.lastIndexOf('/') + 1);
    try {
      return !names.has(foldCase(decodeURIComponent(name)));
    } catch {
      return false;
    }
  }

  private forgetFile(location: string, text: string | undefined): void {
    this.files?.delete(location);
    this.keptCharacters -= text?.length ?? 0;
  }

  private forgetFiles(): void {
    this.files?.clear();
    this.keptCharacters = 0;
  }

  private diskListing(folder: string): DirectoryEntry[] | undefined {
    if (!this.listings) return listDirectoryOnDisk(folder);
    if (!this.listings.has(folder)) this.listings.set(folder, listDirectoryOnDisk(folder));
    return this.listings.get(folder);
  }
}
