// The SSO journey's provider settings, shared by the config (the app's OIDC_* environment), the
// provider's process (oidc-server.ts) and the journey.

export const E2E_OIDC = {
  clientId: "cachetrail-e2e",
  clientSecret: "e2e-only-oidc-client-secret",
  name: "Test SSO",
  allowedDomains: "sso.example.test",
  person: {
    sub: "e2e-sso-person",
    email: "sam@sso.example.test",
    name: "Sam Single-Sign-On",
    password: "sam-at-the-provider",
  },
};

/** The provider listens beside the app: the app's port plus 2000 (helpers' app ports stay apart). */
export function oidcPort(appPort: number): number {
  return appPort + 2000;
}
