import { pathToFileURL } from 'node:url';
import { MAX_BYTES_READ, readFileFromDisk, realRoots } from '../disk/workspace';
import { CancellationToken, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { ImageFactsService } from '../registry/facts';
import { canonicalImage, detectKind, documentImages, type CanonicalImage } from '../rules';
import { LineIndex } from '../rules/text';
import { workspaceFiles } from './workspace-scan';

export const UPDATE_PINNED_DIGESTS_COMMAND = 'bulwark.updatePinnedDigests';

export interface PinnedDigestsUpdate {
  edit: WorkspaceEdit;
  /** References whose digest changed. */
  updated: number;
  /** References whose digest is still the one their tag points to. */
  current: number;
  /** Why a reference could not be checked, one line each. */
  failures: string[];
}

/**
 * "Bulwark: Update pinned digests": every `name:tag@digest` of the workspace (open documents as
 * they are in the editor, other files from the disk) is resolved again by its tag, and where the
 * tag now points elsewhere the digest is replaced, wherever it is written (in the reference, or in
 * the ARG default it comes from).
 */
export async function updatePinnedDigests(
  folderUris: readonly string[],
  openText: (uri: string) => string | undefined,
  factsFor: (uri: string) => ImageFactsService | undefined,
): Promise<PinnedDigestsUpdate> {
  const result: PinnedDigestsUpdate = { edit: { changes: {} }, updated: 0, current: 0, failures: [] };
  // A link in a folder that leads out of the workspace is not read (nor its digests rewritten).
  const roots = realRoots(folderUris);
  for await (const file of workspaceFiles(folderUris, CancellationToken.None)) {
    const uri = pathToFileURL(file).href;
    // Only these pull images by name: scripts, CI files and dev containers are not read for it.
    const kind = detectKind(uri);
    if (kind !== 'dockerfile' && kind !== 'compose') continue;
    const facts = factsFor(uri);
    const text = openText(uri) ?? readFileFromDisk(uri, MAX_BYTES_READ, roots);
    if (!facts || text === undefined) continue;
    const edits = await documentEdits(text, uri, facts, result);
    if (edits.length > 0) result.edit.changes![uri] = edits;
  }
  return result;
}

async function documentEdits(text: string, uri: string, facts: ImageFactsService, result: PinnedDigestsUpdate): Promise<TextEdit[]> {
  const lines = new LineIndex(text);
  const replacements = new Map<string, string>();
  for (const { image } of documentImages({ uri, text })) {
    if (!image.digest || !image.tag || replacements.has(image.digest)) continue;
    const byTag: CanonicalImage = canonicalImage({ ...image, digest: undefined });
    const now = await facts.resolve(byTag, true);
    if (!now.digest) {
      result.failures.push(`${byTag.name}: ${now.failure ?? 'no digest'}`);
      continue;
    }
    if (now.digest === image.digest) result.current++;
    else {
      result.updated++;
      replacements.set(image.digest, now.digest);
    }
  }
  const edits: TextEdit[] = [];
  for (const [old, current] of replacements) {
    for (let at = text.indexOf(`@${old}`); at >= 0; at = text.indexOf(`@${old}`, at + 1)) {
      edits.push({ range: { start: lines.positionAt(at + 1), end: lines.positionAt(at + 1 + old.length) }, newText: current });
    }
  }
  return edits;
}
