/**
 * Read access to the files of a model directory, whatever holds them: a folder on disk (Node),
 * `File` objects picked in a browser, or URLs. Universal code reads checkpoints only through this,
 * and reads ranges so that a header can be validated before a large file is loaded.
 */
export interface FileSource {
  /** File names relative to the model directory, `/`-separated. */
  list(): Promise<readonly string[]>;
  /** Size in bytes. @throws ConfuError `FILE_NOT_FOUND`. */
  size(name: string): Promise<number>;
  /**
   * Reads `[start, end)` (default: the whole file).
   * @throws ConfuError `FILE_NOT_FOUND`, `INVALID_FILE` (range beyond the end).
   */
  read(name: string, range?: { readonly start: number; readonly end: number }): Promise<Uint8Array>;
  /** Human-readable location for error messages (a path or URL). */
  describe(name: string): string;
}
