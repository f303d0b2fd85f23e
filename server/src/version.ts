/** The package version and home page, set by the bundler from package.json (unbundled tests see placeholders). */
declare const PACKAGE_VERSION: string | undefined;
declare const PACKAGE_HOMEPAGE: string | undefined;

export const VERSION: string = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'development';
export const HOMEPAGE: string = typeof PACKAGE_HOMEPAGE === 'string' ? PACKAGE_HOMEPAGE : 'https://github.com/oci-genai-tf/oci-genai-tf#readme';
