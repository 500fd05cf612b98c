// Files the user picked or dropped, folders included, with the path each had inside its folder
// (the history then says "AWSLogs/…/us-east-1/2024/…json.gz", not only the file name).
// Hidden files (.DS_Store…) are left out, as the command line does.

export interface PickedFile {
  file: File;
  /** Path inside the picked or dropped folder, or the file name. */
  path: string;
}

function isHidden(path: string): boolean {
  return path.split("/").some((segment) => segment.startsWith("."));
}

/** From an <input type="file"> (with or without webkitdirectory). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  const picked = Array.from(list ?? [], (file) => ({ file, path: file.webkitRelativePath || file.name }));
  return sortByPath(picked.filter((f) => !isHidden(f.path)));
}

/**
 * From a drop. Entries must be taken from the DataTransfer during the drop event itself (it is
 * emptied afterwards), so this reads them synchronously and walks directories afterwards.
 */
export function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === "file")
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null)) {
    // No entry API (or a non-file item): the plain file list, without folders.
    return Promise.resolve(filesFromInput(data.files));
  }
  return Promise.all(entries.map((e) => walk(e!, ""))).then((lists) =>
    sortByPath(lists.flat().filter((f) => !isHidden(f.path))),
  );
}

async function walk(entry: FileSystemEntry, parent: string): Promise<PickedFile[]> {
  const path = parent ? `${parent}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, path }];
  }
  if (!entry.isDirectory || entry.name.startsWith(".")) return [];
  const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
  const lists = await Promise.all(children.map((child) => walk(child, path)));
  return lists.flat();
}

/** readEntries returns a batch at a time (100 in Chrome) until it returns an empty one. */
async function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function sortByPath(files: PickedFile[]): PickedFile[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
