// Jest runs the TypeScript sources as native ES modules (Node 24 + --experimental-vm-modules),
// transformed by SWC: TypeScript 7 has no ts-jest support, and type-checking is a separate
// `tsc` step in `npm test`, so the transform only strips types.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2024', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60_000,
  maxWorkers: 2,
};
