#pragma once
// `bianmin-syncd serve`: one config file (JSON) or flags, the SQLite store, the sync service, the
// HTTPS front; SIGTERM or SIGINT stops it gracefully. A watcher thread looks at the store every
// 300 ms for events another process wrote (`admin case …`) and pokes the devices that may read
// them (StoreSyncService::pokeForeignChanges). And `bianmin-syncd dev-certs DIR`.
#include <iosfwd>
#include <string>
#include <vector>

namespace bianmin::syncd {

// Config keys (file) / flags: db --db, address --address, port --port, cert --cert, key --key,
// ioThreads --io-threads, workerThreads --workers, requestTimeoutMs --request-timeout-ms,
// bodyLimit --body-limit, portFile --port-file (the bound port is written there once listening),
// devCerts --dev-certs DIR (make a development CA and certificate there if cert/key are absent).
int runServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runDevCerts(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace bianmin::syncd
