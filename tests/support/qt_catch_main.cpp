// Catch2's main for test programs that need Qt: a QCoreApplication exists for the whole run, so
// tests can start threads with event loops, deliver queued signals and wait with QSignalSpy.
#define CATCH_CONFIG_RUNNER
#include <QCoreApplication>
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    const QCoreApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
