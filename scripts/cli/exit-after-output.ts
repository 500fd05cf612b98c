/**
 * Ends the process once what was written to stdout and stderr has left it. Writes to a pipe are
 * asynchronous in Node, and process.exit() drops what the reader has not taken yet: a `--json`
 * result read by a slower command was cut at 64 KiB, the pipe's buffer. A write's callback comes
 * after the writes queued before it (or with the error of a pipe closed early, as by `| head`).
 */
export function exitAfterOutput(code: number): void {
  let waiting = 2;
  const done = () => {
    if (--waiting === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
