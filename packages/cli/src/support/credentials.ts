/** Any `scheme://user:password@` in free text, as `fetch` quotes a URL it refuses. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi;

/** `text` with the user name and password of every URL in it hidden, e.g. from `--api-url http://u:p@host`. */
export function maskUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@');
}
