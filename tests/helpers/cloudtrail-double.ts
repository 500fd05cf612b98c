import http from "node:http";
import type { AddressInfo } from "node:net";

// The CloudTrail test double: no CloudTrail server runs offline, so ListPublicKeys is answered by
// this loopback HTTP endpoint speaking CloudTrail's JSON protocol (awsJson1_1: POST /,
// X-Amz-Target CloudTrail_20131101.ListPublicKeys, epoch-second timestamps, errors as
// `__type` + `message`), reached through the real AWS SDK (@aws-sdk/client-cloudtrail).

export interface DoubleKey {
  /** DER PKCS #1 RSAPublicKey, base64 (what the SDK decodes into Value). */
  value: string;
  fingerprint: string;
  validFrom: Date;
  validTo: Date;
}

export interface ListPublicKeysCall {
  target: string;
  /** The region the request was signed for (its SigV4 credential scope). */
  region: string | null;
  body: { StartTime?: number; EndTime?: number; NextToken?: string };
}

export class CloudTrailDouble {
  readonly calls: ListPublicKeysCall[] = [];
  /** When set, every call is refused with this error (status 400, or `status`). */
  refuse: { type: string; message: string; status?: number } | null = null;

  private constructor(
    private readonly server: http.Server,
    readonly endpoint: string,
    public keys: DoubleKey[],
  ) {}

  static async start(keys: DoubleKey[]): Promise<CloudTrailDouble> {
    let double: CloudTrailDouble | null = null;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => double!.answer(request, Buffer.concat(chunks).toString("utf8"), response));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    double = new CloudTrailDouble(server, `http://127.0.0.1:${port}`, keys);
    return double;
  }

  private answer(request: http.IncomingMessage, text: string, response: http.ServerResponse): void {
    const target = String(request.headers["x-amz-target"] ?? "");
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/cloudtrail\//.exec(String(request.headers.authorization ?? ""));
    const body = text ? (JSON.parse(text) as ListPublicKeysCall["body"]) : {};
    this.calls.push({ target, region: scope?.[1] ?? null, body });
    const reply = (status: number, value: unknown, type?: string) => {
      response.writeHead(status, {
        "content-type": "application/x-amz-json-1.1",
        ...(type ? { "x-amzn-errortype": type } : {}),
        "x-amzn-requestid": `double-${this.calls.length}`,
      });
      response.end(JSON.stringify(value));
    };
    if (request.method !== "POST" || !target.endsWith(".ListPublicKeys"))
      return reply(400, { __type: "UnknownOperationException", message: target }, "UnknownOperationException");
    if (this.refuse)
      return reply(
        this.refuse.status ?? 400,
        { __type: this.refuse.type, message: this.refuse.message },
        this.refuse.type,
      );
    const start = body.StartTime ?? 0;
    const end = body.EndTime ?? Number.MAX_SAFE_INTEGER;
    const keys = this.keys.filter((k) => k.validTo.getTime() / 1000 >= start && k.validFrom.getTime() / 1000 <= end);
    reply(200, {
      PublicKeyList: keys.map((k) => ({
        Value: k.value,
        Fingerprint: k.fingerprint,
        ValidityStartTime: k.validFrom.getTime() / 1000,
        ValidityEndTime: k.validTo.getTime() / 1000,
      })),
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
