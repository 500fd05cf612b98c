// s3rver ships without type declarations; tests/helpers/s3-server/process.ts types the part it uses.
declare module "s3rver";
