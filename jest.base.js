// Shared jest settings: every workspace's jest.config.js calls this with its own folder.
const path = require('node:path');

module.exports = (dir, overrides = {}) => ({
  rootDir: dir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // the slow ones run apart: npm run test:slow (gateway/jest.slow.config.js)
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.spec\\.ts$'],
  transform: {
    // transpile only: `npm run typecheck` checks types once, instead of once per test file
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(dir, 'tsconfig.json'), diagnostics: false }],
  },
  // tests use the workspaces' sources, so a stale dist/ never hides a change
  moduleNameMapper: {
    '^@performa/infra$': path.join(__dirname, 'infra/src'),
    '^@performa/gateway$': path.join(__dirname, 'gateway/src'),
    '^@performa/([a-z-]+)$': path.join(__dirname, 'services/$1/src'),
    '^@performa/([a-z-]+)/(.*)$': path.join(__dirname, 'services/$1/src/$2'),
  },
  globalSetup: path.join(__dirname, 'infra/dist/jest/global-setup.js'),
  globalTeardown: path.join(__dirname, 'infra/dist/jest/global-teardown.js'),
  testTimeout: 60_000,
  // a safety net for CI only: a leaked handle must not hang a run until its hard limit; locally
  // jest still reports it ("did not exit one second after…") so leaks get fixed
  forceExit: process.env.CI === 'true',
  ...overrides,
});
