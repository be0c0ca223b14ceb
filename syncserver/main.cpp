// bianmin-syncd: the sync server of Bianmin. A thin executable (DESIGN.md §5): each command is a
// library call.
//
//   bianmin-syncd admin --db PATH <command> …   accounts, enrollment codes, reference data
//                                                (syncserver/admin/admin_cli.h)
//
// The `serve` command (the HTTPS front of syncserver/http over StoreSyncService) is registered
// below by the engineer who writes it.
#include "syncserver/admin/admin_cli.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

void usage(std::ostream& out) {
    out << "bianmin-syncd " << BIANMIN_VERSION << " — 便民服务网络同步服务器\n"
        << "用法：bianmin-syncd admin --db 数据库文件 命令 [参数]   （admin --help "
           "查看管理命令）\n";
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        usage(std::cerr);
        return 2;
    }
    const std::string& command = args.front();
    if (command == "--help" || command == "help") {
        usage(std::cout);
        return 0;
    }
    if (command == "--version") {
        std::cout << "bianmin-syncd " << BIANMIN_VERSION << "\n";
        return 0;
    }
    if (command == "admin") {
        bianmin::syncd::admin::Options options;
        options.resources = BIANMIN_RESOURCES_DIR;
        return bianmin::syncd::admin::runAdmin({args.begin() + 1, args.end()}, std::cout, std::cerr,
                                               options);
    }
    // Other commands (serve) are registered here.
    std::cerr << "未知命令：" << command << "\n";
    usage(std::cerr);
    return 2;
}
