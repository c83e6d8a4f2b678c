// The slow tests (`*.slow.spec.ts`): the whole system as `npm start` runs it, with the demo seed.
// `npm run test:slow`; CI runs them in their own step after `npm test`.
module.exports = require('../jest.base')(__dirname, { testMatch: ['<rootDir>/test/**/*.slow.spec.ts'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 600_000 });
