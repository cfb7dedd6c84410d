// Who the example external system is, and where its pages live. The academy is the demo world's
// external training provider (src/cli/demo-world.ts): an organisation of kind `external` that
// may issue core skills, registered with the gateway as an OAuth client.
export const ACADEMY = {
  odsCode: 'XTP01',
  name: 'Northern Clinical Skills Academy',
  serviceName: 'Learning portal',
} as const;

/** The portal's pages, under one prefix. */
export const BASE_PATH = '/demo/training';

export const paths = {
  signIn: `${BASE_PATH}/sign-in`,
  signOut: `${BASE_PATH}/sign-out`,
  records: `${BASE_PATH}/records`,
  checkIdentity: `${BASE_PATH}/check-identity`,
  identityChecked: `${BASE_PATH}/identity-checked`,
  identityNotMatched: `${BASE_PATH}/identity-not-matched`,
  callback: `${BASE_PATH}/callback`,
  admin: `${BASE_PATH}/admin`,
  download: (recordId: string) => `${BASE_PATH}/records/${recordId}/download`,
  alreadyDownloaded: (recordId: string) => `${BASE_PATH}/records/${recordId}/already-downloaded`,
  checkDownload: (recordId: string) => `${BASE_PATH}/records/${recordId}/check`,
  downloaded: (recordId: string) => `${BASE_PATH}/records/${recordId}/downloaded`,
  revoke: (serialNumber: string) => `${BASE_PATH}/admin/downloads/${serialNumber}/revoke`,
} as const;

/** The one redirect URI the portal registers with the gateway, for both modes. */
export function redirectUriOf(publicUrl: string): string {
  return `${publicUrl}${paths.callback}`;
}
