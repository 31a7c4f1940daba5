/** One jest run for the API and the libraries; each test file gets its own database (see apps/api/test/support). */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '(apps/api|libs)/.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/portal/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }],
    // @fastify/static requires this ESM-only package; Node loads it natively, jest needs it transpiled.
    // Likewise openid-client and its two dependencies (ESM only; production loads them with require(esm)).
    'node_modules/(content-disposition|openid-client|oauth4webapi|jose)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|openid-client|oauth4webapi|jose)/)'],
  moduleNameMapper: {
    '^@portico/auth$': '<rootDir>/libs/auth/src',
    '^@portico/auth/(.*)$': '<rootDir>/libs/auth/src/$1',
    '^@portico/connectors$': '<rootDir>/libs/connectors/src',
    '^@portico/connectors/(.*)$': '<rootDir>/libs/connectors/src/$1',
  },
  globalSetup: '<rootDir>/apps/api/test/support/global-setup.js',
  globalTeardown: '<rootDir>/apps/api/test/support/global-teardown.js',
  testTimeout: 60000,
  // A suite that leaves a socket or server open (a simulator, collector or listener closed late) must
  // not keep CI waiting forever after every test has run; the leak still shows as jest's warning.
  forceExit: true,
};
