// The teams of a trust that can each have a mailbox for the weekly summary of outstanding
// actions (DOMAIN.md §2.1 "Team mailboxes", E3): HR, occupational health, education and
// training. Each team looks after some credential types; the summary and expiry notices a team
// gets count only those, and HR also sees the passport-level actions (invitations, identity
// checks, ESR links).
import type { CredentialTypeId } from '../credentials/catalogue.ts';

export const TEAMS = ['hr', 'occupational-health', 'education-training'] as const;
export type Team = (typeof TEAMS)[number];

export const TEAM_NAMES: Readonly<Record<Team, string>> = {
  hr: 'HR',
  'occupational-health': 'Occupational health',
  'education-training': 'Education and training',
};

const TEAM_TYPES: Readonly<Record<Team, readonly CredentialTypeId[]>> = {
  hr: [
    'AccessKey',
    'Identity',
    'NewStarterInformation',
    'RightToWork',
    'DBSSupportingInformation',
    'DBSCheck',
    'ProfessionalRegistration',
    'EmploymentAssignment',
    'TemporaryPlacement',
  ],
  'occupational-health': ['OccupationalHealth'],
  'education-training': ['CoreSkill'],
};

/** The credential types a team looks after. */
export function credentialTypesOf(team: Team): readonly CredentialTypeId[] {
  return TEAM_TYPES[team];
}

/** The team that looks after a credential type (every type has exactly one). */
export function teamOf(type: string): Team {
  for (const team of TEAMS) if ((TEAM_TYPES[team] as readonly string[]).includes(type)) return team;
  return 'hr';
}

/** Passport-level actions (invitations, identity checks, ESR links) are HR's. */
export function seesPassportActions(team: Team): boolean {
  return team === 'hr';
}
