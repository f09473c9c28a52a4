import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The header through which the custom server tells route handlers and server actions who is
 * calling: Next gives them no socket. Set for every request from the TCP peer's address, or with
 * TRUST_PROXY from the first X-Forwarded-For hop (only behind a proxy that sets it); whatever a
 * client sent under this name is discarded first, so it cannot be forged.
 */
export const CLIENT_ADDRESS_HEADER = "x-mockroom-client-address";

export function stampClientAddress(req: IncomingMessage, trustProxy: boolean): void {
  delete req.headers[CLIENT_ADDRESS_HEADER];
  const forwarded = trustProxy ? firstForwardedHop(req.headers["x-forwarded-for"]) : undefined;
  const address = forwarded ?? req.socket.remoteAddress;
  if (address && isIP(address)) req.headers[CLIENT_ADDRESS_HEADER] = address;
}

function firstForwardedHop(value: string | string[] | undefined): string | undefined {
  const first = (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim();
  return first && isIP(first) ? first : undefined;
}

/** The stamped client address of a request (a Fetch API Headers object), or undefined. */
export function clientAddressOf(headers: Headers): string | undefined {
  const v = headers.get(CLIENT_ADDRESS_HEADER) ?? undefined;
  return v && isIP(v) ? v : undefined;
}
