// Where a trust's portals live (docs/architecture.md §5 "URLs"): messages link to them.

export function employeePortalUrl(publicUrl: string, odsCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/trusts/${encodeURIComponent(odsCode)}/employee/`;
}

export function employerPortalUrl(publicUrl: string, odsCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/trusts/${encodeURIComponent(odsCode)}/employer/`;
}
