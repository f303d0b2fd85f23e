/** The package version, set by the bundler from package.json (tests run unbundled and see `development`). */
declare const PACKAGE_VERSION: string | undefined;

export const VERSION: string = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'development';
