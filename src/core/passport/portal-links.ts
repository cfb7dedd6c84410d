// Where a trust's portals live (docs/architecture.md §5 "URLs"): messages link to them.

export function employeePortalUrl(publicUrl: string, odsCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/trusts/${encodeURIComponent(odsCode)}/employee/`;
}

export function employerPortalUrl(publicUrl: string, odsCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/trusts/${encodeURIComponent(odsCode)}/employer/`;
}

/** The link in an invitation (E4, S1): the employee portal's sign-up page for that invitation's token. */
export function employeeInvitationUrl(publicUrl: string, odsCode: string, token: string): string {
  return `${employeePortalUrl(publicUrl, odsCode)}invitation/${encodeURIComponent(token)}`;
}

/** The link in the "collect your access key" email (S2, D45): the employee portal's access-key page for that link's token. */
export function employeeAccessKeyUrl(publicUrl: string, odsCode: string, token: string): string {
  return `${employeePortalUrl(publicUrl, odsCode)}access-key/${encodeURIComponent(token)}`;
}
