// Where the gateway's OIDC face lives (docs/architecture.md §5). Kept apart from ./provider.ts
// so the CLI can name the issuer without loading oidc-provider.
export const GATEWAY_PATH = '/gateway';

export function gatewayIssuer(publicUrl: string): string {
  return `${publicUrl}${GATEWAY_PATH}`;
}
