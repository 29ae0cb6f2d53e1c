const errorMarker: unique symbol = Symbol.for('@confu/error');

/**
 * Base class of every error thrown by confu packages. Each subclass carries a stable `code`
 * (an `UPPER_SNAKE` string, part of the public API) and is recognised across package copies
 * and realms through a `Symbol.for` brand rather than `instanceof`.
 */
export abstract class BaseError<TCode extends string = string> extends Error {
  abstract readonly code: TCode;

  constructor(name: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    Object.defineProperty(this, errorMarker, { value: name });
  }

  /** True for any confu error, whatever its class. */
  static isBaseError(value: unknown): value is BaseError {
    return typeof value === 'object' && value !== null && errorMarker in value;
  }

  protected static hasName(value: unknown, name: string): boolean {
    return (
      BaseError.isBaseError(value) &&
      (value as unknown as Record<symbol, unknown>)[errorMarker] === name
    );
  }

  toJSON(): { name: string; code: TCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}
