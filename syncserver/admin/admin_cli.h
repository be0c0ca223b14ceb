#pragma once
// The functions behind `bianmin-syncd admin --db PATH <command> …` (docs/sync.md, Accounts), and
// the command line that calls them. Output for people is in Chinese; errors go to the error
// stream with a non-zero exit (1: the operation failed, 2: the command line is wrong).
//
//   init-demo [--resources DIR]        reference data version 1 from resources/, every site of
//                                      the demo city and its demo users (below)
//   import-reference [--resources DIR | --org F --catalog F --calendar F]
//                                      a new reference version; sites follow the organisation
//   create-user --id ID --name NAME --role ROLE --site SITE [--department D --grade 1-3]
//               [--password P]         without --password a random one is printed once
//   set-password USER [--password P]   also ends a login back-off
//   create-enrollment-code --site SITE [--department D] [--days 1-30]
//                                      prints the one-time code once (default: valid 7 days)
//   list-devices [--site SITE]
//   revoke-device DEVICE               its credential stops working at once
//   case …                             work a case at the center as a department user
//                                      (syncserver/admin/case_commands.h)
//
// Demo users (init-demo), every one with the password kDemoPassword ("bianmin-demo"):
//   clerk-<hall id>, director-<hall id> and deputy-<hall id> (副主任: review and approval are
//                                                two people's) at each township hall
//   agent-<room id>                              each village room (the village's code)
//   <dept code>-handler / -reviewer / -approver  each department at the center, e.g. mzj-handler,
//                                                grades 1 承办, 2 审核, 3 批准 (the three steps)
//   supervisor, admin                            the center
// Demo passwords are public: init-demo refuses a store that already has reference data or users.
//
// Threading: plain functions; each call uses the store it is given.
#include "common/domain/org.h"
#include "common/refdata/reference_files.h"
#include "common/store/crypto.h"
#include "syncserver/store/server_store.h"
#include "syncserver/sync/sqlite_sync_service.h"

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace bianmin::syncd::admin {

inline constexpr const char* kDemoPassword = "bianmin-demo";

struct Options {
    std::filesystem::path resources; // default folder for init-demo and import-reference
    // Password hashing for create-user and set-password (the client's offline login verifies
    // the same hashes).
    store::crypto::KdfParams kdf = store::crypto::KdfParams::interactive();
    // For the demo users, whose password is public anyway: cheaper, so that init-demo runs in
    // seconds (Argon2id t=2, m=19 MiB, OWASP's minimum).
    store::crypto::KdfParams demoKdf = demoKdfParams();
    Clock now; // default: the system clock

    static store::crypto::KdfParams demoKdfParams();
};

struct NewUser {
    std::string id;
    std::string name;
    domain::Role role = domain::Role::Clerk;
    std::string siteId;
    std::string department;
    domain::Grade grade = domain::Grade::None;
};

// The demo users of an organisation, as listed above.
std::vector<NewUser> demoUsers(const domain::Org& org);

// The newest reference data stored, parsed. NotFound "no_reference" before any import.
domain::Result<std::shared_ptr<const refdata::ReferenceData>> storedReference(ServerStore& store);

// Validates the three files together, stores them as the next version and makes the sites of
// the organisation (inserting new ones, renaming changed ones). Returns the new version.
domain::Result<std::int64_t> importReference(ServerStore& store,
                                             const refdata::ReferencePaths& paths);
// init-demo; returns the users it made.
domain::Result<std::vector<NewUser>>
initDemo(ServerStore& store, const std::filesystem::path& resources, const Options& options);
// Checks the user against the site (the role must work at a site of that kind; department staff
// need a department of the organisation and a grade) and stores it with a hash of the password.
domain::Status createUser(ServerStore& store, const NewUser& user, const std::string& password,
                          const store::crypto::KdfParams& kdf);
domain::Status setPassword(ServerStore& store, const std::string& userId,
                           const std::string& password, const store::crypto::KdfParams& kdf);

// `args` are the words after "admin": --db PATH, the command and its arguments.
int runAdmin(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             const Options& options);
// The same on a store already open: `args` start with the command.
int runCommand(ServerStore& store, const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err, const Options& options);
void printUsage(std::ostream& out);

} // namespace bianmin::syncd::admin
