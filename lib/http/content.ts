/**
 * An answer that is not JSON (the docs page and its assets): a route's function returns one to send its bytes
 * with their own media type instead of a JSON body. Binary content goes out base64-encoded, as API Gateway expects.
 */
export class Content {
  constructor(
    readonly contentType: string,
    readonly body: string | Buffer,
    readonly headers: Record<string, string> = {},
  ) {}
}
