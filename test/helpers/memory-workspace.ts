import type { DirectoryEntry, WorkspaceView } from '../../rules';

export interface MemoryWorkspace extends WorkspaceView {
  /** How many times each folder was listed, to check caching. */
  readonly listings: Map<string, number>;
}

/**
 * A workspace of in-memory files keyed by location (`file:///proj/api/Dockerfile`); folders exist
 * through the files in them, and a key ending with `/` is an empty folder. Nothing outside `root`
 * can be listed (by default everything can), as a language server lists nothing outside its workspace folders.
 */
export function memoryWorkspace(files: Record<string, string>, root = ''): MemoryWorkspace {
  const listings = new Map<string, number>();
  return {
    listings,
    readFile: (location) => (location.endsWith('/') ? undefined : files[location]),
    listDirectory(location) {
      const folder = location.endsWith('/') ? location : `${location}/`;
      listings.set(folder, (listings.get(folder) ?? 0) + 1);
      if (!folder.startsWith(root)) return undefined;
      const entries = new Map<string, DirectoryEntry>();
      for (const key of Object.keys(files)) {
        if (!key.startsWith(folder) || key === folder) continue;
        const [name, ...rest] = key.slice(folder.length).split('/');
        entries.set(name, { name, isDirectory: rest.length > 0 });
      }
      return entries.size > 0 || folder === root || Object.keys(files).some((key) => key === folder) ? [...entries.values()] : undefined;
    },
  };
}
