/**
 * The files of a picked folder's top level (or of a plain multi-file pick), by name. Subfolders
 * are left out: a `File` loses its `webkitRelativePath` on its way to the worker, so only the
 * name is left to tell files apart, and the model formats keep their files at the top.
 */
export function topLevelFiles(files: Iterable<File>): File[] {
  const picked: File[] = [];
  for (const file of files) {
    const depth = file.webkitRelativePath ? file.webkitRelativePath.split('/').length : 1;
    if (depth <= 2) picked.push(file);
  }
  return picked;
}

/** The folder name of a folder pick, or a summary of a file pick. */
export function describePick(files: readonly File[]): string {
  // `webkitRelativePath` is empty (or, outside browsers, absent) for plain file picks.
  const relative = files[0]?.webkitRelativePath as string | undefined;
  const folder = relative?.split('/')[0];
  if (relative?.includes('/') && folder) return folder;
  return files.length === 1 ? (files[0]?.name ?? 'file') : `${files.length} files`;
}
