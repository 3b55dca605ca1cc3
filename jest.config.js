// Jest in native ESM mode (run with NODE_OPTIONS=--experimental-vm-modules) with @swc/jest.
// Two projects: pure unit tests, and integration tests that share one local control plane per run.
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', decorators: false }, target: 'es2023' },
    module: { type: 'es6' },
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  // Sources import './x.js' (NodeNext); map those back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  // Integration tests talk to a real apiserver on a shared 2-core machine; unit tests finish far sooner.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/support/**/*.test.ts', '<rootDir>/bench/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.js',
      globalTeardown: '<rootDir>/test/integration/global-teardown.js',
    },
    {
      // The resilience suite (docs/reliability.md): fault injection, crash loops, hostile tenants.
      // Each file starts control planes of its own.
      ...common,
      displayName: 'chaos',
      testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.js',
      globalTeardown: '<rootDir>/test/integration/global-teardown.js',
    },
    {
      // Pods and packets on a real single-node cluster (docs/testing.md): one node per run, files run
      // one after another (make test-node passes --runInBand), each with its own tenants.
      ...common,
      displayName: 'node',
      testMatch: ['<rootDir>/test/node/**/*.test.ts'],
      globalSetup: '<rootDir>/test/node/global-setup.js',
      globalTeardown: '<rootDir>/test/node/global-teardown.js',
    },
  ],
};
