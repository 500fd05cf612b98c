// Numbers as CacheTrail prints them in messages and pages ("2 GiB", "52,113"): a fixed
// locale, so the server, the CLI and the browser print the same text.

/** 52113 → "52,113". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** 2147483648 → "2 GiB", 1536 → "1.5 KiB", 100 → "100 bytes". */
export function formatSize(bytes: number): string {
  const units = ["GiB", "MiB", "KiB"] as const;
  for (let u = 0; u < units.length; u++) {
    const size = 1024 ** (3 - u);
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${units[u]}`;
  }
  return bytes === 1 ? "1 byte" : `${formatCount(bytes)} bytes`;
}

/** "1 file", "3 files". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
