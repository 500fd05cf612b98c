// A record's JSON text laid out for reading (two-space indent, like JSON.stringify(v, null, 2))
// without parsing it: every string, number and literal is kept exactly as written, so a number
// JSON.parse cannot hold (1e131072 → Infinity) or a duplicate key is shown as the file had it.
// Expects valid JSON (a stored record); linear, no recursion. Pure: no I/O.

export function reindentJson(text: string, indent = "  "): string {
  let out = "";
  let depth = 0;
  const n = text.length;
  const newline = () => "\n" + indent.repeat(depth);
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === "{" || c === "[") {
      // An empty object or array stays on one line.
      let j = i + 1;
      while (j < n && /\s/.test(text[j]!)) j++;
      if (text[j] === (c === "{" ? "}" : "]")) {
        out += c + text[j];
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === "}" || c === "]") {
      depth--;
      out += newline() + c;
    } else if (c === ",") out += "," + newline();
    else if (c === ":") out += ": ";
    else if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") out += c;
  }
  return out;
}
