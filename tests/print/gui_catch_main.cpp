// Catch2's main for the printing tests: a QGuiApplication exists for the whole run, because
// fonts and painting text need one (a QCoreApplication is not enough). Runs on the offscreen
// platform unless the environment says otherwise.
#define CATCH_CONFIG_RUNNER
#include <QGuiApplication>
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const QGuiApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
