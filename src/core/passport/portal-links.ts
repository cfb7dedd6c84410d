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
