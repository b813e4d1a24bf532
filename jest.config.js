// Test tiers: unit specs sit beside the code (`*.spec.ts`), integration and end-to-end
// suites live under test/ and run against a real database.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@langchain|p-retry|is-network-error)/)'],
  moduleNameMapper: {
    '^@fisiorag/(.*)$': '<rootDir>/libs/$1/src',
  },
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  testTimeout: 60000,
};
