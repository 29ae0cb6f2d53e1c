/** Runs `fn` and returns what it threw, or fails the test if it did not throw. */
export function caught(fn: () => unknown): { name: string; code: string; message: string } {
  try {
    fn();
  } catch (error) {
    const { name, code, message } = error as { name: string; code: string; message: string };
    return { name, code, message };
  }
  throw new Error('expected the call to throw');
}
