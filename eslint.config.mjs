import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  // `const { a, ...rest } = x` is how an object is copied without `a`.
  { rules: { "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }] } },
  // Prettier wraps code at 120; what it cannot wrap (strings, comments, regexes) stops at 140.
  { rules: { "max-len": ["error", { code: 140, ignoreUrls: true }] } },
  {
    ignores: [
      "lib/generated/**",
      ".next/**",
      ".build/**",
      ".data/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "scratch/**",
    ],
  },
];

export default config;
