// bianmin: the window client for township halls and village rooms (issue #5). Wires the store
// worker, the sync worker and the main window together; everything else lives in the libraries.
#include "client/ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("bianmin"));
    QApplication::setApplicationName(QStringLiteral("bianmin"));
    QApplication::setApplicationVersion(QStringLiteral(BIANMIN_VERSION));

    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("便民服务 window client"));
    cli.addHelpOption();
    cli.addVersionOption();
    const QCommandLineOption dataOpt(QStringLiteral("data"),
                                     QStringLiteral("Folder of this device's store and notices."),
                                     QStringLiteral("dir"));
    const QCommandLineOption serverOpt(QStringLiteral("server"),
                                       QStringLiteral("Sync server as host:port."),
                                       QStringLiteral("host:port"));
    const QCommandLineOption caOpt(
        QStringLiteral("ca"),
        QStringLiteral("PEM file of the CA the server's certificate must chain to."),
        QStringLiteral("file"));
    const QCommandLineOption codeOpt(QStringLiteral("code"),
                                     QStringLiteral("Enrollment code to prefill."),
                                     QStringLiteral("code"));
    const QCommandLineOption userOpt(QStringLiteral("user"), QStringLiteral("User id to prefill."),
                                     QStringLiteral("id"));
    const QCommandLineOption langOpt(QStringLiteral("lang"),
                                     QStringLiteral("Interface language: zh (default) or en."),
                                     QStringLiteral("lang"));
    cli.addOptions({dataOpt, serverOpt, caOpt, codeOpt, userOpt, langOpt});
    cli.process(app);

    QSettings settings;
    const QString lang =
        cli.isSet(langOpt)
            ? cli.value(langOpt)
            : settings.value(QStringLiteral("language"), QStringLiteral("zh")).toString();
    QTranslator ours;
    QTranslator qt;
    if (lang == QStringLiteral("en")) {
        if (ours.load(QStringLiteral(":/i18n/bianmin_en.qm")))
            QApplication::installTranslator(&ours);
    } else if (qt.load(QStringLiteral("qtbase_zh_CN"),
                       QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QApplication::installTranslator(&qt);
    }

    bianmin::ui::ClientOptions options;
    const QString dataDir = cli.isSet(dataOpt)
                                ? cli.value(dataOpt)
                                : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    options.storePath = QDir(dataDir).filePath(QStringLiteral("bianmin.db"));
    options.noticeDir = QDir(dataDir).filePath(QStringLiteral("notices"));
    if (cli.isSet(serverOpt)) {
        const QString s = cli.value(serverOpt);
        const auto colon = s.lastIndexOf(QLatin1Char(':'));
        options.server.host = colon > 0 ? s.left(colon) : s;
        options.server.port = static_cast<quint16>(colon > 0 ? s.mid(colon + 1).toUInt() : 8443);
        options.server.caFile = cli.value(caOpt);
    }
    options.enrollCode = cli.value(codeOpt);
    options.userId = cli.value(userOpt);

    bianmin::client::StoreClient store;
    bianmin::client::SyncClient sync(bianmin::client::SyncWorker::Options{});
    bianmin::ui::MainWindow window(options, store, sync);
    window.showMaximized();
    window.start();
    return QApplication::exec();
}
