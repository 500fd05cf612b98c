import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

// A real OpenID Connect identity provider (npm oidc-provider, the certified implementation) on
// loopback, for the SSO tests: discovery, the authorization code flow with PKCE, signed ID tokens,
// userinfo. Its sign-in page is a plain form of e-mail and password against the accounts given here,
// so a test (or a browser journey) signs in at the provider the way a person would.

export interface TestIdentity {
  /** The provider's subject (stable id) of this person. */
  sub: string;
  email: string;
  name: string;
  password: string;
  emailVerified?: boolean;
}

export interface TestOidcProviderOptions {
  clientId: string;
  clientSecret: string;
  /** The app's callback URLs, e.g. http://127.0.0.1:3000/api/auth/callback/oidc. */
  redirectUris: string[];
  identities: TestIdentity[];
  port?: number;
}

export interface TestOidcProvider {
  issuer: string;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, clientId: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><h1>Test identity provider</h1><p>Sign in to continue to ${escapeHtml(clientId)}.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" aria-label="Provider sign-in">
<label>E-mail <input name="email" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Continue</button></form></body></html>`;
}

async function formBody(request: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bySub = new Map(options.identities.map((i) => [i.sub, i]));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test-key", use: "sig", alg: "RS256" }] },
    cookies: { keys: ["test-oidc-provider-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const identity = bySub.get(sub);
      if (!identity) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: identity.email,
          email_verified: identity.emailVerified ?? true,
          name: identity.name,
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const providerCallback = provider.callback();

  server.on("request", (request, response) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(request.url ?? "/", issuer).pathname);
    if (!match) return void providerCallback(request, response);
    void (async () => {
      const details = await provider.interactionDetails(request, response);
      const clientId = String(details.params.client_id);
      if (!match[2]) {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return void response.end(loginPage(details.uid, clientId));
      }
      const form = await formBody(request);
      const email = (form.get("email") ?? "").toLowerCase();
      const identity = options.identities.find(
        (i) => i.email.toLowerCase() === email && i.password === form.get("password"),
      );
      if (!identity) {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return void response.end(loginPage(details.uid, clientId, "Unknown e-mail or wrong password."));
      }
      // Signed in and consenting in one step: the app asked for the scopes it always asks for.
      const grant = new provider.Grant({ accountId: identity.sub, clientId });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId: identity.sub }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`test identity provider: ${String(error)}`);
    });
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
