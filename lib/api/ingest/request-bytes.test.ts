import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { GATHER_BYTES, requestBytes } from "./request-bytes";

const KB = 1024;
const piece = (size: number, fill: number) => new Uint8Array(size).fill(fill);

async function readAll(body: ReadableStream<Uint8Array>) {
  const handedOn: Uint8Array[] = [];
  for await (const chunk of requestBytes(body, new AbortController())) handedOn.push(chunk);
  return handedOn;
}

describe("an upload's request body", () => {
  it("is handed on in pieces of GATHER_BYTES, byte for byte, however small the network's pieces", async () => {
    const sent = Array.from({ length: 100 }, (_, i) => piece(16 * KB, i));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of sent) controller.enqueue(chunk);
        controller.close();
      },
    });

    const handedOn = await readAll(body);

    const total = 100 * 16 * KB;
    const full = Math.floor(total / GATHER_BYTES);
    expect(handedOn.map((chunk) => chunk.byteLength)).toEqual([
      ...Array<number>(full).fill(GATHER_BYTES),
      ...(total % GATHER_BYTES ? [total % GATHER_BYTES] : []),
    ]);
    expect(Buffer.concat(handedOn).equals(Buffer.concat(sent))).toBe(true);
  });

  it("hands on what has arrived when the client pauses, without waiting for more", async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    controller.enqueue(piece(3 * KB, 1));
    controller.enqueue(piece(2 * KB, 2));
    const chunks = requestBytes(body, new AbortController());

    const first = await Promise.race([chunks.next(), sleep(2000, "still waiting")]);

    expect(first).toEqual({ done: false, value: Buffer.concat([piece(3 * KB, 1), piece(2 * KB, 2)]) });
    controller.close();
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it("hands on what arrived before the connection was lost, then says how much was received", async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulls <= 2) controller.enqueue(piece(10 * KB, pulls));
        else controller.error(new Error("socket hang up"));
      },
    });
    const upload = new AbortController();
    const chunks = requestBytes(body, upload);

    expect((await chunks.next()).value).toEqual(Buffer.concat([piece(10 * KB, 1), piece(10 * KB, 2)]));
    await expect(chunks.next()).rejects.toThrow("the connection was lost after 20 KiB of the request body");
    expect(upload.signal.aborted).toBe(true);
  });
});
