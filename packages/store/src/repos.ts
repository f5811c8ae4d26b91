// All repositories bound to one Db handle (the pool, or one open transaction).
import { auditRepo } from './audit.ts';
import { duplicatesRepo, purposesRepo, trainingLogRepo } from './repos/misc.ts';
import { recordsRepo } from './repos/records.ts';
import { registriesRepo } from './repos/registries.ts';
import { reviewsRepo, searchesRepo, subjectReport } from './repos/searches.ts';
import { apiTokensRepo, sessionsRepo } from './repos/sessions.ts';
import { usersRepo } from './repos/users.ts';
import type { Db, Repos } from './types.ts';
import type { Vault } from './vault.ts';

export function makeRepos(db: Db, vault: Vault): Repos {
  return {
    db,
    users: usersRepo(db, vault),
    sessions: sessionsRepo(db),
    apiTokens: apiTokensRepo(db),
    registries: registriesRepo(db),
    records: recordsRepo(db, vault),
    searches: searchesRepo(db, vault),
    reviews: reviewsRepo(db),
    duplicates: duplicatesRepo(db),
    trainingLog: trainingLogRepo(db),
    purposes: purposesRepo(db),
    audit: auditRepo(db),
    subjectReport: (recordId) => subjectReport(db, recordId),
  };
}
