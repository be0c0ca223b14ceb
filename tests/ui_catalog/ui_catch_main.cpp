// Catch2's main for the widget tests: a QApplication exists for the whole run (widgets, fonts,
// QTest's key events). It runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise:
// CTest sets it, but catch_discover_tests lists the tests at build time without that environment,
// and a QApplication without a display would abort the listing.
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
