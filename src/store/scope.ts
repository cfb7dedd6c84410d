// Tenant isolation. Every repository for an organisation's data is created from an
// OrganisationScope and adds `organisation_id = scope.organisationId` to every statement
// it runs, reads and writes alike, so a query made for one organisation can neither read
// nor change another's rows, even when it is handed another organisation's row id.
export interface OrganisationScope {
  readonly organisationId: string;
}

export function scopeOf(organisationId: string): OrganisationScope {
  if (!/^[0-9a-f-]{36}$/i.test(organisationId)) throw new TypeError('organisation scope needs an organisation id');
  return Object.freeze({ organisationId });
}
