import type { HubFile } from './hub-file.js';

const modelExtensions = ['.json', '.safetensors', '.bin', '.model', '.txt', '.tiktoken', '.jinja'];
const tokenizerName =
  /^(tokenizer|tok\d*|vocab|merges|special_tokens_map|added_tokens|generation_config|config|chat_template)/;

/** What a hub path names: one file or a folder (`''` = the repository root). */
export interface Selection {
  readonly kind: 'file' | 'folder';
  /** The folder that becomes the model directory. */
  readonly folder: string;
  readonly files: readonly HubFile[];
}

/**
 * The files to download for `path`. A folder yields its own files (not subfolders: `onnx/`,
 * `original/` hold alternative copies) with model-file extensions; `*.bin` weights are skipped
 * when `*.safetensors` are present, since both hold the same weights. A file yields itself plus
 * the tokenizer and config files beside it. `undefined` when the path is not in the listing.
 */
export function selectFiles(files: readonly HubFile[], path: string): Selection | undefined {
  const exact = files.find((file) => file.path === path);
  if (exact) {
    const folder = parentOf(path);
    const companions = filesIn(files, folder).filter(
      (file) =>
        file !== exact && tokenizerName.test(baseName(file.path)) && hasModelExtension(file.path),
    );
    return { kind: 'file', folder, files: [exact, ...companions] };
  }
  const inside = filesIn(files, path).filter((file) => hasModelExtension(file.path));
  if (inside.length === 0) return undefined;
  const hasSafetensors = inside.some((file) => file.path.endsWith('.safetensors'));
  const selected = inside.filter(
    (file) =>
      !hasSafetensors || !file.path.endsWith('.bin') || tokenizerName.test(baseName(file.path)),
  );
  return { kind: 'folder', folder: path, files: selected };
}

function filesIn(files: readonly HubFile[], folder: string): HubFile[] {
  return files.filter((file) => parentOf(file.path) === folder);
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function hasModelExtension(path: string): boolean {
  return modelExtensions.some((extension) => path.endsWith(extension));
}
