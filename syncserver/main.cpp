// bianmin-syncd: the sync server of Bianmin. A thin executable (DESIGN.md §5): each command is a
// library call.
//
//   bianmin-syncd admin --db PATH <command> …   accounts, enrollment codes, reference data
//                                                (syncserver/admin/admin_cli.h)
//   bianmin-syncd serve [--config FILE] [flags]  the HTTPS/WebSocket server (syncserver/http)
//   bianmin-syncd dev-certs DIR                  a development CA and server certificate
#include "syncserver/admin/admin_cli.h"
#include "syncserver/http/serve.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

void usage(std::ostream& out) {
    out << "bianmin-syncd " << BIANMIN_VERSION << " — 便民服务网络同步服务器\n"
        << "用法：bianmin-syncd admin --db 数据库文件 命令 [参数]   （admin --help "
           "查看管理命令）\n"
        << "      bianmin-syncd serve --db 数据库文件 --dev-certs 证书目录 [--port 端口]\n"
        << "      bianmin-syncd dev-certs 证书目录\n";
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
    if (command == "serve")
        return bianmin::syncd::runServe({args.begin() + 1, args.end()}, std::cout, std::cerr);
    if (command == "dev-certs")
        return bianmin::syncd::runDevCerts({args.begin() + 1, args.end()}, std::cout, std::cerr);
    std::cerr << "未知命令：" << command << "\n";
    usage(std::cerr);
    return 2;
}
