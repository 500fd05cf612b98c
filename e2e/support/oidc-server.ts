// The identity provider of the SSO journey: a real OpenID Connect provider (tests/helpers/oidc-provider.ts)
// on loopback, started by playwright.config.ts beside the app; the app points OIDC_ISSUER at it.
import { startTestOidcProvider } from "../../tests/helpers/oidc-provider";
import { E2E_OIDC, oidcPort } from "./oidc";

const appPort = Number(process.env.E2E_PORT ?? 3210);
const provider = await startTestOidcProvider({
  clientId: E2E_OIDC.clientId,
  clientSecret: E2E_OIDC.clientSecret,
  redirectUris: [`http://127.0.0.1:${appPort}/api/auth/callback/oidc`],
  identities: [E2E_OIDC.person],
  port: oidcPort(appPort),
});
console.log(`Test identity provider at ${provider.issuer}`);
const stop = () => void provider.close().finally(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
