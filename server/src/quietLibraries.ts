/**
 * The OCI SDK writes notes, retry chatter and Node deprecation warnings (punycode, url.parse) to the console. Our
 * own output never goes through the console: commands write their results and one-sentence failures, the server
 * logs through LSP. So what libraries print is dropped, unless `OCI_GENAI_TF_DEBUG` asks for it; `console.error`
 * stays, for a library's real trouble.
 */
export function quietLibraries(env: NodeJS.ProcessEnv = process.env): void {
  if (env['OCI_GENAI_TF_DEBUG']) return;
  process.noDeprecation = true;
  for (const method of ['log', 'info', 'warn', 'debug'] as const) console[method] = () => undefined;
}
