// Tiny readers for untrusted JSON. Records come from files anyone can upload, so every read
// goes through these: own properties only (a "__proto__" key or an inherited getter must never
// supply a value), and "is this an object?" excludes arrays and null.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value of an own property, or undefined — never something from the prototype chain. */
export function own(obj: unknown, key: string): unknown {
  return isJsonObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** An own property that is an object, else undefined. */
export function ownObject(obj: unknown, key: string): JsonObject | undefined {
  const value = own(obj, key);
  return isJsonObject(value) ? value : undefined;
}

/** An own property that is a non-empty string, else undefined. */
export function ownString(obj: unknown, key: string): string | undefined {
  const value = own(obj, key);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** How a value's type reads in a rejection reason: "null" and "array" rather than "object". */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Define a property even when the key is "__proto__", where plain assignment would set the prototype. */
export function setOwn(obj: JsonObject | unknown[], key: string | number, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (obj as Record<string | number, unknown>)[key] = value;
  }
}
