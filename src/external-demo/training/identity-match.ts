// D2W step 6: "check that the identity credential matches the signed in employee, based on first
// name, surname and, if possible, date of birth". Names are compared without regard to case,
// accents written as combining marks or composed, and spacing (leading, trailing, repeated);
// the date of birth exactly. Pure.

export interface PersonDetails {
  firstName: string;
  lastName: string;
  birthDate: string;
}

export type IdentityMismatch = 'firstName' | 'lastName' | 'birthDate';

export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
}

/** What differs between the account and the identity the wallet proved; empty when they match. */
export function identityMismatches(account: PersonDetails, proved: Partial<PersonDetails>): IdentityMismatch[] {
  const mismatches: IdentityMismatch[] = [];
  if (proved.firstName === undefined || normaliseName(proved.firstName) !== normaliseName(account.firstName)) mismatches.push('firstName');
  if (proved.lastName === undefined || normaliseName(proved.lastName) !== normaliseName(account.lastName)) mismatches.push('lastName');
  if (proved.birthDate === undefined || proved.birthDate !== account.birthDate) mismatches.push('birthDate');
  return mismatches;
}
