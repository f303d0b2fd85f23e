/** The OCI module, loaded on first use; the build makes it a bundle of its own (dist/oci.js). */
export type OciModule = typeof import('./index');

let loaded: OciModule | undefined;

export function loadOci(): OciModule {
  // A plain require, which the build's plugin points at dist/oci.js; a static import would bundle the SDK here.
  loaded ??= require('./index') as OciModule;
  return loaded;
}
