// dsp demo: seed the demo world (idempotent). `dsp start` does this on an empty database.
import { demoOrganisations, describeDemoWorld, seedDemoWorld } from '../demo-world.ts';
import type { Command } from '../command.ts';

export const demo: Command = {
  words: ['demo'],
  usage: 'dsp demo [--json]',
  summary: 'Seed the demo world: two trusts and a training provider with administrators',
  options: {},
  async run(runtime) {
    const seeded = await seedDemoWorld(runtime.database, runtime.clock, runtime.keys);
    return {
      text: `${seeded.added.length ? `Added ${seeded.added.join(', ')}.` : 'The demo world was already there.'}\n${describeDemoWorld(runtime.config.http.publicUrl)}`,
      json: {
        added: seeded.added,
        existing: seeded.existing,
        organisations: demoOrganisations.map((o) => ({ ods: o.odsCode, name: o.name, kind: o.kind, users: o.users.map((u) => ({ email: u.email, role: u.role })) })),
      },
    };
  },
};
